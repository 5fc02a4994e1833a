import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@rcrp/auth';
import { AppConfig, ConfigModule } from '@rcrp/config';
import { DependenciesModule, HealthModule } from '@rcrp/health';

/** Wiring of the intake service. Built from its validated configuration so bootstrap controls when config is read. */
@Module({})
export class IntakeModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [ConfigModule.forConfig(config), AuthModule, HealthModule, DependenciesModule],
    };
  }
}
