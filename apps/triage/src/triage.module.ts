import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@rcrp/auth';
import { AppConfig, ConfigModule } from '@rcrp/config';
import { DependenciesModule, HealthModule } from '@rcrp/health';

/** Wiring of the triage service. Built from its validated configuration so bootstrap controls when config is read. */
@Module({})
export class TriageModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: TriageModule,
      imports: [ConfigModule.forConfig(config), AuthModule, HealthModule, DependenciesModule],
    };
  }
}
