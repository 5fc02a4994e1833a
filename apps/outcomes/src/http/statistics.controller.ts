import { BadRequestException, Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '@rcrp/auth';
import { ApiCsvReport, reportAnswer } from '@rcrp/http';
import type { Response } from 'express';
import { Clock } from '../clock/clock';
import { StatisticsService } from '../statistics/statistics.service';
import { StatisticsQuery } from './outcome.dto';

const DEFAULT_PERIOD_MS = 30 * 24 * 60 * 60_000;

@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('officer', 'clinician', 'operator', 'analyst')
  @ApiOperation({
    summary:
      'Counts of incidents reported in [from, to): advice, detentions, places of safety, conveyance, extensions, breaches, outcomes',
    description:
      'JSON, or CSV with `Accept: text/csv` or `?format=csv`. For analysts, counts of 1-4 read `<5` (and shares built on them are null).',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description:
      'ISO time or a date (the start of that day in London), inclusive (default: 30 days before `to`)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'ISO time or a date (the start of that day in London), exclusive (default: now)',
  })
  @ApiCsvReport({
    description: 'The statistics, as JSON or as `measure,category,value` CSV lines.',
    csvExample: 'measure,category,value\r\nincidents,,12\r\nplacesOfSafety,police-station,<5\r\n',
  })
  async get(
    @Query() query: StatisticsQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentActor() actor: AuthenticatedActor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
    if (from.getTime() >= to.getTime()) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed: from: must be before to',
        errors: [{ field: 'from', reasons: ['must be before to'] }],
      });
    }
    const statistics = await this.statistics.statistics(
      { from: from.toISOString(), to: to.toISOString() },
      actor.role === 'analyst',
    );
    return reportAnswer(
      statistics,
      { format: query.format, accept },
      response,
      `rcrp-statistics-${from.toISOString()}-${to.toISOString()}`,
    );
  }
}
