import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

/** Installs the global guard. Needs `AppConfig` (from the global `ConfigModule`). */
@Module({
  providers: [TokenVerifier, AuthFailureLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
