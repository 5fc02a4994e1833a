import { IncidentReport, validatePayload } from '@rcrp/events';
import { type DecodeOutcome, parseJson } from '@rcrp/messaging';

/** An inbound report larger than this is refused whole (a report is a few kB; this keeps one message from being a file). */
export const INBOUND_REPORT_MAX_BYTES = 64 * 1024;

/**
 * Decodes a record of `rcrp.incidents.inbound.v1` into a validated `IncidentReport` (the published JSON Schema in
 * docs/schemas/IncidentReport.json is generated from the same class), or says which field is wrong and why.
 */
export function decodeInboundReport(value: Buffer | null): DecodeOutcome<IncidentReport> {
  if (value !== null && value.length > INBOUND_REPORT_MAX_BYTES) {
    return {
      ok: false,
      stage: 'decode',
      errors: [
        {
          field: 'value',
          reason: `message is ${value.length} bytes, more than the limit of ${INBOUND_REPORT_MAX_BYTES}`,
        },
      ],
    };
  }
  const parsed = parseJson(value);
  if (!parsed.ok) return parsed;
  const result = validatePayload(IncidentReport, parsed.value);
  if (!result.ok) {
    return {
      ok: false,
      stage: 'validate',
      errors: result.errors.map((error) => ({ field: error.path || '(root)', reason: error.reason })),
    };
  }
  return { ok: true, value: result.value };
}
