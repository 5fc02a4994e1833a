import { REDRIVE_HEADERS } from '@rcrp/events';
import {
  ACKS_ALL,
  createIdempotentProducer,
  HELD_DURING_RELEASE_REASON,
  originalHeaders,
  planRedrive,
  type ConsumerDeadLetters,
  type ReleaseKind,
} from '@rcrp/messaging';
import { v7 as uuidv7 } from 'uuid';
import type { DlqContext } from './dlq-context';

/** A redrive that started this long ago and still holds its incidents stopped half-way: the next one takes over. */
export const RELEASE_STALE_AFTER_MS = 10 * 60_000;

export interface RedriveRequest {
  source: string;
  dlq: string;
  keys: ReadonlySet<string> | 'all';
  /** Only these consumer groups' dead letters and parked incidents (a skip releases its own consumer's). */
  groups?: ReadonlySet<string>;
  reason: string | null;
  /** Wait up to this long for the consumers to apply the redriven records and unpark the incidents. */
  waitMs: number;
}

export interface RedriveResult {
  redriveId: string;
  published: number;
  incidents: number;
  unparkedAtOnce: string[];
  /** Incidents another redrive is releasing now: left to it. */
  leftRunning: string[];
  /** After waiting: incidents still parked (a redriven record failed again, or records arrived during the redrive). */
  stillParked: Array<{ key: string; reason: string; deadLetter: string }>;
  waitedForConsumers: boolean;
}

/**
 * `redrive`: publishes the chosen dead letters again on their source topic, with their original key, value, headers
 * and partition plus x-redriven-from and x-redriven-by, in each incident's original order, and records the decision.
 * The parked incidents are marked as released by this redrive first, so their consumer lets exactly these records
 * through and unparks each incident with its last one; a record that fails again parks it again. Run twice, the
 * second finds nothing left to redrive (and a record published twice is a duplicate the inbox absorbs).
 */
export async function redrive(context: DlqContext, request: RedriveRequest): Promise<RedriveResult> {
  const redriveId = uuidv7();
  const releases = new Map<string, ReleaseKind>();
  const released: Array<{ consumer: ConsumerDeadLetters; key: string }> = [];
  const leftRunning: string[] = [];
  const keys = request.keys === 'all' ? 'all' : [...request.keys];
  // The groups are named in the dead letters; their releases are marked before the snapshot the plan is made from.
  const groups = context
    .consumersOf(await context.readDeadLetters(request.dlq))
    .filter((consumer) => !request.groups || request.groups.has(consumer.consumerGroup));
  for (const consumer of groups) {
    const start = await consumer.beginRelease(request.source, keys, redriveId, RELEASE_STALE_AFTER_MS);
    for (const [kind, incidents] of [
      ['started', start.started],
      ['taken-over', start.takenOver],
      ['running', start.running],
    ] as const) {
      for (const incident of incidents) {
        releases.set(`${consumer.consumerGroup} ${incident.incidentKey}`, kind);
        if (kind === 'running') leftRunning.push(incident.incidentKey);
        else released.push({ consumer, key: incident.incidentKey });
      }
    }
  }

  const records = await context.readDeadLetters(request.dlq);
  const decided = new Map<string, { skipped: Set<string>; redriven: Set<string> }>();
  for (const consumer of context.consumersOf(records)) {
    const decisions = await context.decisions(consumer);
    decided.set(consumer.consumerGroup, {
      skipped: new Set(decisions.filter((d) => d.decision === 'skipped').map((d) => d.deadLetter)),
      redriven: new Set(decisions.filter((d) => d.decision === 'redriven').map((d) => d.deadLetter)),
    });
  }
  const plan = planRedrive(
    { keys: request.keys, groups: request.groups },
    {
      records,
      inScope: (record) =>
        context.inScope(record) && (record.consumerGroup === null || decided.has(record.consumerGroup)),
      skipped: (group, position) => decided.get(group)?.skipped.has(position) ?? false,
      redriven: (group, position) => decided.get(group)?.redriven.has(position) ?? false,
      release: (group, key) => releases.get(`${group} ${key}`),
    },
  );

  const producer = createIdempotentProducer(context.kafka);
  await producer.connect();
  let published = 0;
  try {
    for (const incident of plan.incidents) {
      await producer.send({
        topic: request.source,
        acks: ACKS_ALL,
        messages: incident.records.map((record, index) => ({
          key: record.key,
          value: record.value,
          // The source partition, whatever partitioner wrote it first: the incident's order is that partition's.
          partition: record.source.partition,
          headers: {
            ...originalHeaders(record),
            [REDRIVE_HEADERS.redrivenFrom]: record.position,
            [REDRIVE_HEADERS.redrivenBy]: context.actor,
            [REDRIVE_HEADERS.redriveId]: redriveId,
            ...(index === incident.records.length - 1 ? { [REDRIVE_HEADERS.redriveLast]: 'true' } : {}),
          },
        })),
      });
      published += incident.records.length;
    }
  } finally {
    await producer.disconnect();
  }
  for (const record of plan.covered) {
    const consumer = record.consumerGroup ? context.consumer(record.consumerGroup) : null;
    await consumer?.record({
      deadLetter: record.position,
      source: `${record.source.topic}/${record.source.partition}/${record.source.offset}`,
      incidentKey: record.key,
      eventId: record.eventId,
      decision: 'redriven',
      redriveId,
      actor: context.actor,
      reason: request.reason,
    });
  }
  context.forgetDecisions();

  // An incident with nothing left behind it (all skipped or already redriven) is released at once.
  const planned = new Set(plan.incidents.map((incident) => incident.key));
  const unparkedAtOnce: string[] = [];
  for (const { consumer, key } of released) {
    if (!planned.has(key) && (await consumer.unpark(request.source, key, redriveId)))
      unparkedAtOnce.push(key);
  }

  const waiting = released.filter(({ key }) => planned.has(key));
  const stillParked = await waitForRelease(request, waiting, redriveId);
  return {
    redriveId,
    published,
    incidents: plan.incidents.length,
    unparkedAtOnce,
    leftRunning,
    stillParked,
    waitedForConsumers: request.waitMs > 0,
  };
}

async function waitForRelease(
  request: RedriveRequest,
  waiting: ReadonlyArray<{ consumer: ConsumerDeadLetters; key: string }>,
  redriveId: string,
): Promise<RedriveResult['stillParked']> {
  if (request.waitMs <= 0 || waiting.length === 0) return [];
  const deadline = Date.now() + request.waitMs;
  for (;;) {
    const parked = [];
    let running = false;
    for (const { consumer, key } of waiting) {
      const incident = (await consumer.parked(request.source)).find((row) => row.incidentKey === key);
      if (!incident) continue;
      if (incident.releaseId === redriveId) running = true;
      else parked.push(incident);
    }
    if (!running || Date.now() > deadline) {
      return parked.map((incident) => ({
        key: incident.incidentKey,
        deadLetter: incident.deadLetter,
        reason:
          incident.reason === HELD_DURING_RELEASE_REASON
            ? incident.reason
            : 'a redriven record was refused again; parked behind its new dead letter',
      }));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function formatRedrive(request: RedriveRequest, result: RedriveResult): string {
  const lines = [
    `redrive ${result.redriveId}: published ${result.published} records of ${result.incidents} incidents ` +
      `again on ${request.source}`,
  ];
  if (result.unparkedAtOnce.length > 0)
    lines.push(`  unparked with nothing left behind them: ${result.unparkedAtOnce.join(', ')}`);
  if (result.leftRunning.length > 0)
    lines.push(`  left to the redrive already releasing them: ${result.leftRunning.join(', ')}`);
  if (result.waitedForConsumers) {
    for (const incident of result.stillParked)
      lines.push(`  still parked: ${incident.key} behind ${incident.deadLetter} (${incident.reason})`);
    if (result.stillParked.length === 0) lines.push('  every released incident is unparked');
  } else if (result.published > 0) {
    lines.push(
      '  the consumers unpark each incident when they apply its last record: see `npm run dlq -- list`',
    );
  }
  return `${lines.join('\n')}\n`;
}
