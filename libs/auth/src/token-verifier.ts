import { Injectable } from '@nestjs/common';
import { AppConfig, AuthConfig } from '@rcrp/config';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyOptions } from 'jose';
import { AuthenticatedActor, isUserRole, USER_ROLES } from './roles';

/** The token is missing, malformed, badly signed, expired or lacks a usable subject or role. Maps to 401. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/**
 * The identity provider's keys cannot be fetched, so no token can be checked right now. The HTTP error filter
 * answers any `*UnavailableError` carrying a `dependency` with 503 naming it.
 */
export class IdentityProviderUnavailableError extends Error {
  override readonly name = 'IdentityProviderUnavailableError';
  readonly dependency = 'identity provider (AUTH_JWKS_URL)';

  constructor(cause: unknown) {
    super('The identity provider (AUTH_JWKS_URL) cannot be reached to verify the bearer token', { cause });
  }
}

/** Leeway for the clocks of the identity provider and this host drifting apart. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** How far in the future a token's `iat` may lie: more is a wrong clock or a forged token. */
export const ISSUED_AT_SKEW_SECONDS = 60;

type VerifySignature = (token: string) => Promise<JWTPayload>;

/**
 * Verifies bearer tokens: HS256 with the shared secret, or RS256 with keys fetched (and cached by jose) from the
 * identity provider's JWKS. Only the configured mode's algorithm is accepted, so an HS256 token can never pass a
 * JWKS-configured service.
 */
@Injectable()
export class TokenVerifier {
  private readonly verifySignature: VerifySignature;
  private readonly maxTokenTtlSeconds: number;

  constructor(config: AppConfig) {
    this.verifySignature = signatureVerifier(config.auth);
    this.maxTokenTtlSeconds = config.auth.maxTokenTtlSeconds;
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    const payload = await this.verifySignature(token).catch(translateJoseError);
    checkLifetime(payload, this.maxTokenTtlSeconds, Date.now() / 1000);
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new InvalidTokenError('The bearer token has no subject (sub claim)');
    }
    if (!isUserRole(payload.role)) {
      throw new InvalidTokenError(`The bearer token's role claim must be one of ${USER_ROLES.join(', ')}`);
    }
    return { id: payload.sub, role: payload.role };
  }
}

/**
 * A stolen token is only as dangerous as it is long-lived: every token must expire, within AUTH_MAX_TOKEN_TTL of
 * being issued (or of now, when it does not say when it was issued), and cannot claim to be issued in the future.
 */
export function checkLifetime(payload: JWTPayload, maxTtlSeconds: number, nowSeconds: number): void {
  if (typeof payload.exp !== 'number') {
    throw new InvalidTokenError('The bearer token has no expiry (exp claim); every token must expire');
  }
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + ISSUED_AT_SKEW_SECONDS) {
    throw new InvalidTokenError(
      'The bearer token was issued in the future (iat claim); check the issuer clock',
    );
  }
  const lifetime = payload.exp - (typeof payload.iat === 'number' ? payload.iat : nowSeconds);
  if (lifetime > maxTtlSeconds) {
    throw new InvalidTokenError(
      `The bearer token is valid for longer than the ${formatSpan(maxTtlSeconds)} this service accepts (AUTH_MAX_TOKEN_TTL)`,
    );
  }
}

function formatSpan(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function signatureVerifier(auth: AuthConfig): VerifySignature {
  const options: JWTVerifyOptions = {
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(auth.issuer !== null && { issuer: auth.issuer }),
    ...(auth.audience !== null && { audience: auth.audience }),
  };
  if (auth.mode === 'hs256') {
    const secret = new TextEncoder().encode(auth.secret);
    return async (token) => (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload;
  }
  const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
  return async (token) => (await jwtVerify(token, keys, { ...options, algorithms: ['RS256'] })).payload;
}

function translateJoseError(error: unknown): never {
  if (error instanceof errors.JWTExpired) throw new InvalidTokenError('The bearer token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    throw new InvalidTokenError(`The bearer token's ${error.claim} claim is not accepted (${error.reason})`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    throw new InvalidTokenError('The bearer token signature is invalid');
  if (error instanceof errors.JOSEAlgNotAllowed) {
    throw new InvalidTokenError('The bearer token is signed with an algorithm this service does not accept');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    throw new InvalidTokenError(
      'The bearer token is signed with a key the identity provider does not publish',
    );
  }
  // The keys could not be fetched: the token may well be valid, so this is the identity provider being down (503).
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError)
  ) {
    throw new IdentityProviderUnavailableError(error);
  }
  throw new InvalidTokenError('The bearer token is malformed');
}
