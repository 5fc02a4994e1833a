import { Actor } from '@rcrp/events';

/**
 * The roles a person's token may carry (DESIGN §5). The envelope's extra `system` role is for events the services
 * emit themselves and is never accepted from a token.
 */
export const USER_ROLES = ['officer', 'clinician', 'analyst', 'operator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}

/** The authenticated caller: the token's `sub` and `role`, which become an event's `actor`. */
export type AuthenticatedActor = Actor & { role: UserRole };
