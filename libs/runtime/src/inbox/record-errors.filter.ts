import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * The inbox transport's only exception filter: hands a handler's error back unchanged. Nest's default RPC filter
 * would replace it with `{ status: 'error', message: 'Internal server error' }` (and log its message, which may
 * quote personal data); the consumer runner needs the original to tell a database outage (retry the same record)
 * from a refusal (dead-letter it with the reason).
 */
@Catch()
export class RecordErrorsPassThrough implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
