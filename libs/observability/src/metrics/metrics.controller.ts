import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@rcrp/auth';
import type { Response } from 'express';
import { ServiceMetrics } from './service-metrics';

/** Prometheus scrapes without a token, like the health probes; no metric carries personal data. */
@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.metrics();
    response.setHeader('Content-Type', this.metrics.contentType);
    response.send(body);
  }
}
