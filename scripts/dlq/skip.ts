import type { DeadLetterRecord } from '@rcrp/messaging';
import type { DlqContext } from './dlq-context';
import { redrive, type RedriveResult } from './redrive';

export interface SkipRequest {
  source: string;
  dlq: string;
  partition: number;
  offset: bigint;
  reason: string;
  waitMs: number;
}

export type SkipResult =
  | { kind: 'no-such-record' }
  | { kind: 'no-consumer'; record: DeadLetterRecord }
  | { kind: 'skipped'; record: DeadLetterRecord; alreadySkipped: boolean; release: RedriveResult | null };

/**
 * `skip`: records in the refusing consumer's schema that this dead letter is not to be applied, who decided it and
 * why (`dead_letter_decisions`, append-only), marks its event processed in that consumer's inbox (a redelivery of it
 * is then a duplicate, not a new dead letter), then releases the records of its incident parked behind it: a
 * redrive of that consumer's other dead letters of the incident. Skipping twice records one decision.
 */
export async function skip(context: DlqContext, request: SkipRequest): Promise<SkipResult> {
  const record = await context.readDeadLetter(request.dlq, request.partition, request.offset);
  if (!record) return { kind: 'no-such-record' };
  const consumer = record.consumerGroup ? context.consumer(record.consumerGroup) : null;
  if (!consumer) return { kind: 'no-consumer', record };
  const recorded = await consumer.record({
    deadLetter: record.position,
    source: `${record.source.topic}/${record.source.partition}/${record.source.offset}`,
    incidentKey: record.key,
    eventId: record.eventId,
    decision: 'skipped',
    redriveId: null,
    actor: context.actor,
    reason: request.reason,
  });
  if (record.eventId) await consumer.markProcessed(record.eventId, record.source);
  context.forgetDecisions();
  const release =
    record.key === null
      ? null
      : await redrive(context, {
          source: request.source,
          dlq: request.dlq,
          keys: new Set([record.key]),
          groups: new Set([consumer.consumerGroup]),
          reason: `released after skipping ${record.position}`,
          waitMs: request.waitMs,
        });
  return { kind: 'skipped', record, alreadySkipped: !recorded, release };
}
