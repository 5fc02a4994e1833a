import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@rcrp/auth';
import { AppConfig, ConfigModule } from '@rcrp/config';
import { TOPICS } from '@rcrp/events';
import { DependenciesModule, HealthModule } from '@rcrp/health';
import { EventSourcingModule } from '@rcrp/runtime';
import { IncidentsController } from './http/incidents.controller';
import { IncidentReportingService } from './incidents/incident-reporting.service';
import { IncidentsService } from './incidents/incidents.service';
import { InboundReportsConsumer } from './messaging/inbound-reports.consumer';
import { incidentListProjection } from './projections/incident-list.projection';

/** Wiring of the intake service. Built from its validated configuration so bootstrap controls when config is read. */
@Module({})
export class IntakeModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        ConfigModule.forConfig(config),
        AuthModule,
        HealthModule,
        DependenciesModule,
        EventSourcingModule.forService({ topic: TOPICS.intakeEvents, projections: [incidentListProjection] }),
      ],
      controllers: [IncidentsController],
      providers: [IncidentReportingService, IncidentsService, InboundReportsConsumer],
    };
  }
}
