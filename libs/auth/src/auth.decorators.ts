import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthenticatedActor, UserRole } from './roles';

export const ROLES_KEY = 'rcrp:roles';
export const PUBLIC_KEY = 'rcrp:public';

/** Only callers whose token carries one of these roles may use the route (others get 403). */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/** The route needs no token (health, metrics). Every other route does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Where the guard leaves the verified caller on the request. */
export const ACTOR_REQUEST_KEY = 'actor';

export interface RequestWithActor {
  [ACTOR_REQUEST_KEY]?: AuthenticatedActor;
}

/** The verified caller `{ id: sub, role }`. Only meaningful on routes that are not `@Public()`. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedActor => {
    const actor = context.switchToHttp().getRequest<RequestWithActor>()[ACTOR_REQUEST_KEY];
    if (!actor) {
      // A programming error (CurrentActor on a public route), not the caller's fault.
      throw new Error('CurrentActor used on a route without an authenticated actor');
    }
    return actor;
  },
);
