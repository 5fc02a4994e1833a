import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { inspectRequestValue, RequestShapeLimits } from './request-shape';
import { FieldError, validationFailed } from './validation';

interface HttpRequest {
  body?: unknown;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
}

/**
 * Global, so it runs after authentication and before every route-scoped interceptor and pipe: nothing that reads
 * the body (class-transformer) or a parameter (the personal-data read audit, SQL) sees a value PostgreSQL cannot
 * store, a prototype key, or a structure deep enough to overflow the stack.
 */
@Injectable()
export class RequestShapeInterceptor implements NestInterceptor {
  constructor(private readonly limits?: RequestShapeLimits) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const errors = requestShapeErrors(context.switchToHttp().getRequest<HttpRequest>(), this.limits);
      if (errors.length > 0) throw validationFailed(errors);
    }
    return next.handle();
  }
}

export function requestShapeErrors(request: HttpRequest, limits?: RequestShapeLimits): FieldError[] {
  const parameters = Object.entries(request.params ?? {}).flatMap(([name, value]) =>
    inspectRequestValue(value, name, { refuseNull: false, limits }),
  );
  return [
    ...parameters,
    ...inspectRequestValue(request.query ?? {}, '', { refuseNull: false, limits }),
    ...(request.body === undefined
      ? []
      : inspectRequestValue(request.body, '', { refuseNull: true, limits })),
  ];
}
