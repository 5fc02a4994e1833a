export { AuditLog, type AuditQuery, type AuditVerification } from './audit-log';
export { auditHash, type AuditActor, type AuditEntry, type AuditRecord } from './audit-entry';
export { auditMigrations } from './migrations';
export { AuditModule } from './audit.module';
export { AuditController } from './audit.controller';
export { AuditQueryParams } from './audit-query.dto';
export {
  PersonalDataRead,
  PERSONAL_DATA_READ_KEY,
  type PersonalDataReadOptions,
} from './personal-data-read.decorator';
export { PersonalDataReadInterceptor } from './personal-data-read.interceptor';
export {
  ACCESS_REASON_HEADER,
  ACCESS_REASON_MAX_LENGTH,
  ACCESS_REASON_MIN_LENGTH,
  ACCESS_REASON_RULE,
  accessReasonFrom,
  accessReasonProblem,
} from './access-reason';
