import { Controller, Get } from '@nestjs/common';
import { ConsoleConfig } from '@rcrp/config';

/** What the sign-in screen offers: the development sign-in, or the OpenID provider and how to ask it. */
export interface SignInOptions {
  /** `POST /auth/dev-token` exists (never in production). */
  developmentSignIn: boolean;
  /** The identity provider configured by AUTH_ISSUER, named on the production sign-in. */
  issuer: string | null;
  /**
   * The production sign-in (authorisation code with PKCE, in the browser): the provider, the console's client id
   * there (CONSOLE_OIDC_CLIENT_ID) and the scopes it asks for. Null until both are configured.
   */
  oidc: { issuer: string; clientId: string; scopes: string } | null;
}

@Controller('auth')
export class SignInOptionsController {
  constructor(private readonly config: ConsoleConfig) {}

  @Get('options')
  options(): SignInOptions {
    return {
      developmentSignIn: this.config.developmentSignIn !== null,
      issuer: this.config.issuer,
      oidc: this.config.oidc,
    };
  }
}
