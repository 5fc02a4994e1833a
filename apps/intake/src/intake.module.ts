import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@rcrp/personal-data';
import { AuthModule } from '@rcrp/auth';
import { AppConfig, ConfigModule } from '@rcrp/config';
import { TOPICS } from '@rcrp/events';
import { DependenciesModule, HealthModule } from '@rcrp/observability';
import { EventSourcingModule, SubjectCommandHandler } from '@rcrp/runtime';
import { IncidentsController } from './http/incidents.controller';
import { SubjectsController } from './http/subjects.controller';
import { IncidentReportingService } from './incidents/incident-reporting.service';
import { IncidentsService } from './incidents/incidents.service';
import { InboundReportsController } from './messaging/inbound-reports.controller';
import { incidentListProjection } from './projections/incident-list.projection';
import { SubjectsService } from './subjects/subjects.service';

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
        AuditModule,
      ],
      controllers: [InboundReportsController, IncidentsController, SubjectsController],
      providers: [IncidentReportingService, IncidentsService, SubjectCommandHandler, SubjectsService],
    };
  }
}
