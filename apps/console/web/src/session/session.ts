import type { OidcSettings } from './oidc-sign-in';
import { isRole, type Role } from './roles';

/** Who is signed in: the bearer token the services verify, and who it says they are. */
export interface Session {
  token: string;
  role: Role;
  sub: string;
  expiresAt: string;
  /** Signed in at this OpenID provider, which renews the token; absent for a development sign-in. */
  provider?: OidcSettings;
}

/**
 * The session lives in this tab's sessionStorage only (issue 17): it survives a reload, not the tab, and no other
 * tab or later visitor of the machine sees it. Never localStorage, never a cookie.
 */
const KEY = 'rcrp.console.session';

export function loadSession(storage: Pick<Storage, 'getItem' | 'removeItem'>, nowMs: number): Session | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(KEY) ?? 'null');
  } catch {
    parsed = null;
  }
  const session = isSession(parsed) ? parsed : null;
  if (session === null || Date.parse(session.expiresAt) <= nowMs) {
    storage.removeItem(KEY);
    return null;
  }
  return session;
}

export function saveSession(storage: Pick<Storage, 'setItem'>, session: Session): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(KEY);
}

function isSession(value: unknown): value is Session {
  const record = value as Partial<Session> | null;
  return (
    typeof record?.token === 'string' &&
    isRole(record.role) &&
    typeof record.sub === 'string' &&
    typeof record.expiresAt === 'string' &&
    !Number.isNaN(Date.parse(record.expiresAt)) &&
    (record.provider === undefined ||
      (typeof record.provider?.issuer === 'string' &&
        typeof record.provider.clientId === 'string' &&
        typeof record.provider.scopes === 'string'))
  );
}
