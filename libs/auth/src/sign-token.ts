import { AuthConfig } from '@rcrp/config';
import { SignJWT } from 'jose';
import { UserRole } from './roles';

export interface TokenRequest {
  sub: string;
  role: UserRole;
  /** jose time span, e.g. `8h`, `30m`, `2d`. */
  ttl?: string;
}

/**
 * Issues an HS256 token for development and tests (`npm run token`). Production tokens come from the identity
 * provider behind AUTH_JWKS_URL, so this refuses that mode rather than mint tokens nobody will accept.
 */
export async function signDevelopmentToken(auth: AuthConfig, request: TokenRequest): Promise<string> {
  if (auth.mode !== 'hs256') {
    throw new Error(
      'AUTH_JWKS_URL is configured: tokens come from that identity provider, not from this script',
    );
  }
  let jwt = new SignJWT({ role: request.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.ttl ?? '8h');
  if (auth.issuer !== null) jwt = jwt.setIssuer(auth.issuer);
  if (auth.audience !== null) jwt = jwt.setAudience(auth.audience);
  return jwt.sign(new TextEncoder().encode(auth.secret));
}
