import { createHash } from 'node:crypto';
import { DLQ_HEADERS, EVENT_TOPICS, eventDefinitionOf, personalFieldsOf, TOPICS } from '@rcrp/events';
import { printableReason, type DeadLetterDecision, type DeadLetterRecord } from '@rcrp/messaging';
import { isEncryptedValue, mapAtPaths } from '@rcrp/personal-data';

export const WITHHELD_NOT_ENCRYPTED = '[withheld: a personal field that is not encrypted]';
export const WITHHELD_PERSONAL = '[withheld: personal]';

/**
 * The record's value as `show` may print it. Our events carry personal fields as ciphertext already, so they are
 * printed as stored (never decrypted: the tool holds no key); a personal field that is not ciphertext (a producer's
 * bug, the very kind of record that ends in a DLQ) is withheld, and so is the data of an event type whose personal
 * fields are unknown. External reports (the inbound topic) are plaintext: their personal fields are withheld. A
 * value that is not JSON is never printed, only its size and hash.
 */
export function printableValue(record: DeadLetterRecord): unknown {
  if (record.value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString('utf8'));
  } catch {
    return `[withheld: not JSON, ${record.value.length} bytes, sha256 ${sha256(record.value)}]`;
  }
  if (!isObject(parsed)) return `[withheld: not a JSON object, ${record.value.length} bytes]`;
  const inbound = record.source.topic === TOPICS.incidentsInbound;
  if (!inbound && ((EVENT_TOPICS as readonly string[]).includes(record.source.topic) || 'data' in parsed)) {
    const type = typeof parsed.type === 'string' ? parsed.type : '';
    if (!eventDefinitionOf(type))
      return { ...parsed, data: '[withheld: unknown event type, its personal fields are not known]' };
    const version = typeof parsed.schemaVersion === 'number' ? parsed.schemaVersion : undefined;
    const data = mapAtPaths(parsed.data, personalFieldsOf(type, version), (value) =>
      isEncryptedValue(value) ? value : WITHHELD_NOT_ENCRYPTED,
    );
    return { ...parsed, data };
  }
  // An external system's report (TOPICS.incidentsInbound) carries the report's personal fields in clear.
  return mapAtPaths(parsed, personalFieldsOf('IncidentReported'), () => WITHHELD_PERSONAL);
}

/** `show`: the dead letter's place, headers (reasons without quoted text), value as above, and its decisions. */
export function formatDeadLetter(record: DeadLetterRecord, decisions: readonly DeadLetterDecision[]): string {
  const lines = [
    `${record.position}`,
    `  dead-lettered at  ${record.at.toISOString()}`,
    `  key               ${record.key ?? '(none)'}`,
    `  from              ${record.source.topic}/${record.source.partition}/${record.source.offset}`,
    `  consumer group    ${record.consumerGroup ?? '(not named: written before issue 20)'}`,
    '  headers:',
  ];
  for (const [name, value] of Object.entries(record.headers).sort(([a], [b]) => a.localeCompare(b))) {
    const shown = name === DLQ_HEADERS.error ? printableReason(record) : value;
    lines.push(`    ${name}: ${shown}`);
  }
  const inbound = record.source.topic === TOPICS.incidentsInbound;
  lines.push(
    inbound
      ? '  report (personal fields withheld):'
      : '  envelope (personal fields as stored: encrypted, never decrypted here):',
  );
  lines.push(
    ...JSON.stringify(printableValue(record), null, 2)
      .split('\n')
      .map((line) => `    ${line}`),
  );
  lines.push('  decisions:');
  if (decisions.length === 0) lines.push('    none');
  for (const decision of decisions) {
    const redrive = decision.redriveId ? ` (redrive ${decision.redriveId})` : '';
    const reason = decision.reason ? `: ${decision.reason}` : '';
    lines.push(
      `    ${decision.decision} by ${decision.actor} at ${decision.decidedAt?.toISOString() ?? '?'}${redrive}${reason}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function sha256(value: Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
