import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { signDevelopmentToken } from '@rcrp/auth';
import { ConsoleConfig } from '@rcrp/config';
import { DevTokenAnswer, DevTokenRequest } from './dev-token.dto';

/**
 * Development sign-in (issue 17): mints a short-lived HS256 token with the services' own secret, as
 * `npm run token` does. The console module registers this controller only outside production, so there the route
 * does not exist at all (404).
 */
@Controller('auth')
export class DevTokenController {
  constructor(private readonly config: ConsoleConfig) {}

  @Post('dev-token')
  @HttpCode(201)
  async mint(@Body() body: DevTokenRequest): Promise<DevTokenAnswer> {
    const signIn = this.config.developmentSignIn;
    if (signIn === null) throw new Error('DevTokenController is registered only with a development sign-in');
    const token = await signDevelopmentToken(signIn.auth, {
      role: body.role,
      sub: body.sub,
      ttl: `${signIn.tokenTtlSeconds}s`,
    });
    const expiresAt = new Date(Date.now() + signIn.tokenTtlSeconds * 1000).toISOString();
    return { token, role: body.role, sub: body.sub, expiresAt };
  }
}
