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

type VerifySignature = (token: string) => Promise<JWTPayload>;

/**
 * Verifies bearer tokens: HS256 with the shared secret, or RS256 with keys fetched (and cached by jose) from the
 * identity provider's JWKS. Only the configured mode's algorithm is accepted, so an HS256 token can never pass a
 * JWKS-configured service.
 */
@Injectable()
export class TokenVerifier {
  private readonly verifySignature: VerifySignature;

  constructor(config: AppConfig) {
    this.verifySignature = signatureVerifier(config.auth);
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    const payload = await this.verifySignature(token).catch(translateJoseError);
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new InvalidTokenError('The bearer token has no subject (sub claim)');
    }
    if (!isUserRole(payload.role)) {
      throw new InvalidTokenError(`The bearer token's role claim must be one of ${USER_ROLES.join(', ')}`);
    }
    return { id: payload.sub, role: payload.role };
  }
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
