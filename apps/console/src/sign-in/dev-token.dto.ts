import { USER_ROLES, type UserRole } from '@rcrp/auth';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** `POST /auth/dev-token`: who signs in, as the token's `role` and `sub` (which become every event's actor). */
export class DevTokenRequest {
  @IsIn(USER_ROLES) role: UserRole;
  /** The same limit as a clinician id in triage's requests; printable, no spaces, as it ends up in records. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9._@-]+$/, { message: 'sub may hold letters, digits and . _ @ - only' })
  sub: string;
}

/** A development sign-in: the bearer token and when it stops working. */
export interface DevTokenAnswer {
  token: string;
  role: UserRole;
  sub: string;
  expiresAt: string;
}
