import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { AuthenticatedActor, USER_ROLES, UserRole } from './roles';

export const ROLES_KEY = 'rcrp:roles';
export const PUBLIC_KEY = 'rcrp:public';

/** Only callers whose token carries one of these roles may use the route (others get 403). */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/** The route needs no token (health, metrics). Every other route does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** A route handler or its controller class, as `Reflector` reads metadata from them. */
type RouteTarget = Parameters<Reflector['get']>[1];

/**
 * Who may call a route, as the guard decides it and the OpenAPI documents state it: null for `@Public()`, else the
 * roles of the nearest `@Roles(...)` (method before class), every role when none is named.
 */
export function allowedRoles(
  reflector: Reflector,
  handler: RouteTarget,
  controller: RouteTarget,
): readonly UserRole[] | null {
  const targets = [handler, controller];
  if (reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return null;
  const roles = reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
  return roles && roles.length > 0 ? roles : USER_ROLES;
}

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
