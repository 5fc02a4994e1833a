import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, ServiceName } from './app-config';
import { loadConfig, LoadConfigOptions } from './load-config';

/**
 * Provides the service's validated `AppConfig` to every module (inject it by type). `forService` loads it from the
 * environment; `forConfig` takes one already loaded — bootstrap loads it first so a bad setting stops the process
 * before Nest starts, and tests pass their own.
 */
@Global()
@Module({})
export class ConfigModule {
  static forService(service: ServiceName, options?: LoadConfigOptions): DynamicModule {
    return ConfigModule.forConfig(loadConfig(service, options));
  }

  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
