import { Controller, Get } from '@nestjs/common';
import { ConsoleConfig } from '@rcrp/config';

/** What the sign-in screen offers; the OpenID Connect settings join it when that sign-in is added. */
export interface SignInOptions {
  /** `POST /auth/dev-token` exists (never in production). */
  developmentSignIn: boolean;
  /** The identity provider configured by AUTH_ISSUER, named on the production sign-in. */
  issuer: string | null;
}

@Controller('auth')
export class SignInOptionsController {
  constructor(private readonly config: ConsoleConfig) {}

  @Get('options')
  options(): SignInOptions {
    return { developmentSignIn: this.config.developmentSignIn !== null, issuer: this.config.issuer };
  }
}
