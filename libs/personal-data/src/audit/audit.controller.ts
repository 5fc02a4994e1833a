import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@rcrp/auth';
import { AuditLog } from './audit-log';
import { AuditQueryParams } from './audit-query.dto';

/** `GET /audit`: who read which case's personal data, when and why. Mounted by every service via AuditModule. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: "Reads of cases' personal data in this service, newest first" })
  @ApiQuery({ name: 'incidentId', required: false })
  @ApiQuery({ name: 'actor', required: false, description: 'The reader (token subject)' })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'ISO time or a date (the start of that day in London), inclusive',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'ISO time or a date (the start of that day in London), inclusive',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  @ApiResponse({
    status: 200,
    description: '`{ entries: [{ position, recordedAt, actor, incidentId, subjectRef, resource, reason }] }`',
  })
  async list(@Query() query: AuditQueryParams) {
    return { entries: await this.audit.query({ ...query, limit: query.limit ?? 100 }) };
  }
}
