import { DynamicModule, Module } from '@nestjs/common';
import { ConsoleConfig } from '@rcrp/config';
import { HealthController } from './health/health.controller';
import { DevTokenController } from './sign-in/dev-token.controller';
import { SignInOptionsController } from './sign-in/sign-in-options.controller';

/**
 * The console's own routes: health and sign-in. The web app and the forward to the services are express handlers
 * mounted by `startConsole`, because they serve files and stream bytes rather than answer with values.
 */
@Module({})
export class ConsoleModule {
  static forConfig(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [
        HealthController,
        SignInOptionsController,
        // Outside production only: in production the route is not there to be found.
        ...(config.developmentSignIn ? [DevTokenController] : []),
      ],
      providers: [{ provide: ConsoleConfig, useValue: config }],
    };
  }
}
