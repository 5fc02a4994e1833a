import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { validationFailed } from './validation';

/**
 * `@Param('incidentId', ParseUuidPipe)`: like Nest's ParseUUIDPipe, but the 400 has the shape of every other
 * validation error and names the parameter (Nest's says only "uuid is expected").
 */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value)) return value;
    const field = metadata.data ?? metadata.type;
    throw validationFailed([{ field, reasons: [`${field} must be a UUID`] }]);
  }
}
