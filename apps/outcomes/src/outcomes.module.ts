import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@rcrp/personal-data';
import { AuthModule } from '@rcrp/auth';
import { AppConfig, ConfigModule } from '@rcrp/config';
import { TOPICS } from '@rcrp/events';
import { DependenciesModule, HealthModule } from '@rcrp/observability';
import { EventSourcingModule } from '@rcrp/runtime';
import { Clock, SystemClock } from './clock/clock';
import { IncidentContextReader } from './context/incident-context.reader';
import { CaseReadsController } from './http/case-reads.controller';
import { DetentionsController } from './http/detentions.controller';
import { Section136Controller } from './http/section-136.controller';
import { StatisticsController } from './http/statistics.controller';
import { IncidentFactsController } from './messaging/incident-facts.controller';
import { OutcomeCommandsService } from './outcomes/outcome-commands.service';
import { DetentionBoardStream } from './outcomes/detention-board-stream.service';
import { OutcomeReadsService } from './outcomes/outcome-reads.service';
import { loadOutcomesSettings, OutcomesSettings } from './outcomes-settings';
import { outcomeCasesProjection } from './projections/outcome-cases.projection';
import { DetentionScheduler } from './scheduler/detention-scheduler.service';
import { StatisticsService } from './statistics/statistics.service';
import { TimelineService } from './timeline/timeline.service';

export interface OutcomesModuleOptions {
  /** Default: the system clock. Tests pass one they can move. */
  clock?: Clock;
  /** Default: from the environment (`DETENTION_WARNING_LEAD_MINUTES`, `DETENTION_SCHEDULER_INTERVAL_MS`). */
  settings?: OutcomesSettings;
}

/** Wiring of the outcomes service. Built from its validated configuration so bootstrap controls when config is read. */
@Module({})
export class OutcomesModule {
  static forConfig(config: AppConfig, options: OutcomesModuleOptions = {}): DynamicModule {
    return {
      module: OutcomesModule,
      imports: [
        ConfigModule.forConfig(config),
        AuthModule,
        HealthModule,
        DependenciesModule,
        AuditModule,
        EventSourcingModule.forService({
          topic: TOPICS.outcomesEvents,
          projections: [outcomeCasesProjection],
        }),
      ],
      controllers: [
        IncidentFactsController,
        Section136Controller,
        CaseReadsController,
        DetentionsController,
        StatisticsController,
      ],
      providers: [
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: OutcomesSettings, useValue: options.settings ?? loadOutcomesSettings() },
        IncidentContextReader,
        OutcomeCommandsService,
        OutcomeReadsService,
        DetentionBoardStream,
        TimelineService,
        StatisticsService,
        DetentionScheduler,
      ],
    };
  }
}
