import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACTOR_REQUEST_KEY, allowedRoles, RequestWithActor } from './auth.decorators';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

interface HttpRequest extends RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/**
 * Registered globally: every route needs a valid bearer token unless marked `@Public()`; `@Roles(...)` narrows who
 * may call it. 401 when the caller is not authenticated, 403 when authenticated but not allowed, 429 (for a while)
 * after too many failed authentications from one client.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = allowedRoles(this.reflector, context.getHandler(), context.getClass());
    if (allowed === null) return true;

    const request = context.switchToHttp().getRequest<HttpRequest>();
    const actor = await this.authenticate(request);
    request[ACTOR_REQUEST_KEY] = actor;

    if (!allowed.includes(actor.role)) {
      throw new ForbiddenException(
        `This action needs one of the roles ${allowed.join(', ')}; your role is ${actor.role}`,
      );
    }
    return true;
  }

  private async authenticate(request: HttpRequest) {
    const client = request.ip ?? 'unknown';
    this.failures.assertNotBlocked(client);
    try {
      return await this.verifier.verify(bearerToken(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof InvalidTokenError || error instanceof UnauthorizedException)) throw error;
      await this.failures.recordFailure(client);
      throw error instanceof InvalidTokenError ? new UnauthorizedException(error.message) : error;
    }
  }
}

function bearerToken(header: string | string[] | undefined): string {
  if (header === undefined)
    throw new UnauthorizedException('A bearer token is required (Authorization: Bearer <token>)');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(Array.isArray(header) ? header[0] : header);
  if (!match) throw new UnauthorizedException('The Authorization header must be "Bearer <token>"');
  return match[1];
}
