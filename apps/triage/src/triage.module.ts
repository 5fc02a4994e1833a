import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@rcrp/personal-data';
import { AuthModule } from '@rcrp/auth';
import { AppConfig, ConfigModule } from '@rcrp/config';
import { TOPICS } from '@rcrp/events';
import { DependenciesModule, HealthModule } from '@rcrp/observability';
import { EventSourcingModule } from '@rcrp/runtime';
import { CallsService } from './calls/calls.service';
import { QueueStream } from './calls/queue-stream.service';
import { TriageCommandsService } from './calls/triage-commands.service';
import { TriageController } from './http/triage.controller';
import { IntakeEventsController } from './messaging/intake-events.controller';
import { TriageMetricsService } from './metrics/triage-metrics.service';
import { triageAdviceProjection } from './projections/triage-advice.projection';
import { triageCallsProjection } from './projections/triage-calls.projection';

export interface TriageModuleOptions {
  /**
   * Where the outbox relay publishes (default `rcrp.triage.events.v1`). A replay test rebuilding a throw-away
   * database sends its copies elsewhere, so consumers of the real topic never see them.
   */
  publishTopic?: string;
}

/** Wiring of the triage service. Built from its validated configuration so bootstrap controls when config is read. */
@Module({})
export class TriageModule {
  static forConfig(config: AppConfig, options: TriageModuleOptions = {}): DynamicModule {
    return {
      module: TriageModule,
      imports: [
        ConfigModule.forConfig(config),
        AuthModule,
        HealthModule,
        DependenciesModule,
        EventSourcingModule.forService({
          topic: options.publishTopic ?? TOPICS.triageEvents,
          projections: [triageCallsProjection, triageAdviceProjection],
        }),
        AuditModule,
      ],
      controllers: [TriageController, IntakeEventsController],
      providers: [TriageCommandsService, CallsService, TriageMetricsService, QueueStream],
    };
  }
}
