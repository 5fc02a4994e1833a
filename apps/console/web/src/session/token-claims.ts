import { isRole, type Role } from './roles';

/** Who a bearer token says its holder is, as the services read it (libs/auth: `sub`, `role`, `exp`). */
export interface TokenClaims {
  sub: string;
  role: Role;
  /** When the token stops working, ISO 8601. */
  expiresAt: string;
}

/**
 * Reads the claims of a JWT access token without verifying it: the services verify it on every request, the console
 * only needs to know whom to show as signed in. A token that lacks what the services need is refused here, with
 * the reason, rather than by the first API call.
 */
export function tokenClaims(token: string): TokenClaims {
  const payload = decodePayload(token);
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new Error('The access token from the identity provider has no subject (sub claim)');
  }
  if (!isRole(payload.role)) {
    throw new Error(
      'The access token from the identity provider carries no console role (role claim: clinician, officer, operator or analyst); ask its administrators to grant you one',
    );
  }
  if (typeof payload.exp !== 'number') {
    throw new Error('The access token from the identity provider has no expiry (exp claim)');
  }
  return { sub: payload.sub, role: payload.role, expiresAt: new Date(payload.exp * 1000).toISOString() };
}

function decodePayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof payload === 'object' && payload !== null) return payload as Record<string, unknown>;
  } catch {
    // Not a JWT: said below.
  }
  throw new Error(
    'The access token from the identity provider is not a JWT; the services need JWT access tokens (docs/console.md)',
  );
}
