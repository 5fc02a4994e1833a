import { Controller, Get } from '@nestjs/common';

/**
 * For the supervisor and load balancers. The console has no dependency of its own to be ready for: a service that
 * is down answers 503 through `/api/<service>`, and the screens say so.
 */
@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: 'live' } {
    return { status: 'live' };
  }
}
