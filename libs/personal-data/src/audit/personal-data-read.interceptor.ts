import {
  CallHandler,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACTOR_REQUEST_KEY, type AuthenticatedActor } from '@rcrp/auth';
import { AppConfig } from '@rcrp/config';
import { DATABASE_POOL } from '@rcrp/database';
import { RestrictedSubjects } from '..';
import type { Pool } from 'pg';
import { from, Observable, concatMap } from 'rxjs';
import { accessReasonFrom } from './access-reason';
import { AuditLog } from './audit-log';
import { PERSONAL_DATA_READ_KEY, type PersonalDataReadOptions } from './personal-data-read.decorator';

interface HttpRequest {
  method: string;
  route?: { path?: string };
  params: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  [ACTOR_REQUEST_KEY]?: AuthenticatedActor;
}

/**
 * The read path of `@PersonalDataRead`: guards have run (the actor is known), pipes and the handler have not.
 * Checks come first so a refused read never touches the data; the audit entry is written after the handler
 * succeeded and before the response is sent, so a read that could not be recorded is not answered either.
 */
@Injectable()
export class PersonalDataReadInterceptor implements NestInterceptor {
  private readonly restrictions: RestrictedSubjects;

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    config: AppConfig,
  ) {
    this.restrictions = new RestrictedSubjects(config.database.schema);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const options = this.reflector.get<PersonalDataReadOptions>(PERSONAL_DATA_READ_KEY, context.getHandler());
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const actor = request[ACTOR_REQUEST_KEY];
    // Analysts only ever receive pseudonymised data, so there is nothing personal to justify or restrict.
    if (!options || !actor || actor.role === 'analyst') return next.handle();

    const reason = accessReasonFrom(request.headers);
    const incidentId = request.params[options.incidentParam] ?? '';
    if (actor.role !== 'operator') {
      const restricted = await this.restrictions.ofIncident(this.pool, incidentId);
      if (restricted.length > 0) {
        throw new ForbiddenException(
          `Processing of this case's personal data is restricted (UK GDPR Art. 18): only an operator stating a reason may read it; your role is ${actor.role}`,
        );
      }
    }
    const resource = `${request.method} ${request.route?.path ?? ''}`.trim();
    return next.handle().pipe(
      concatMap((result) =>
        from(
          this.audit
            .record({
              actor: { id: actor.id, role: actor.role },
              incidentId,
              subjectRef: options.subjectOf?.(result) ?? null,
              resource,
              reason,
            })
            .then(() => result),
        ),
      ),
    );
  }
}
