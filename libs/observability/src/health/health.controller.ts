import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@rcrp/auth';
import type { Response } from 'express';
import { ReadinessReport } from './health-check';
import { HealthRegistry } from './health-registry';

/** Unauthenticated, as load balancers and orchestrators call it (DESIGN §5). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is running (always 200 while it is).' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Every dependency answers: 200, else 503 naming each dependency and its status.' })
  @ApiResponse({ status: 200, description: 'All checks up' })
  @ApiResponse({ status: 503, description: 'At least one check down' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessReport> {
    const report = await this.registry.readiness();
    response.status(report.status === 'ready' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
