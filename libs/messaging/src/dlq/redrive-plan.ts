import type { DeadLetterRecord } from './dead-letter-record';

/** How a consumer group's parked incident takes part in a redrive. */
export type ReleaseKind = 'started' | 'taken-over' | 'running';

export interface RedriveSelection {
  /** The incidents to redrive; `all`: every dead letter of the topic. */
  keys: ReadonlySet<string> | 'all';
  /** Only these consumer groups' dead letters (a skip releases its own consumer's incident); default every group. */
  groups?: ReadonlySet<string>;
}

export interface RedriveInputs {
  /** The DLQ topic's records, as read (any order). */
  records: readonly DeadLetterRecord[];
  /** Whether a record may be acted on here: its consumer group belongs to this database (or it names none). */
  inScope(record: DeadLetterRecord): boolean;
  /** Positions each consumer group has decided: skipped ones are never redriven, redriven ones not again. */
  skipped(group: string, position: string): boolean;
  redriven(group: string, position: string): boolean;
  /** This redrive's part in each group's parked incidents, by `${group} ${key}`; absent: not parked. */
  release(group: string, key: string): ReleaseKind | undefined;
}

export interface PlannedIncident {
  key: string | null;
  /** The records to publish again, in their original order. */
  records: DeadLetterRecord[];
}

export interface RedrivePlan {
  incidents: PlannedIncident[];
  /** Every dead letter this redrive covers (copies of a published record too): each gets a `redriven` decision. */
  covered: DeadLetterRecord[];
}

/**
 * Which dead letters a redrive publishes again, and in what order (pure; the tool reads and writes around it).
 * Per incident, the records go in their original order on the source partition, each once (copies of one event, a
 * dead letter written again after a crash or by a second consumer, are one record). A skipped record is never
 * published; a redriven one only when its incident is taken over from a redrive that stopped half-way; an incident
 * another redrive is releasing is left to it.
 */
export function planRedrive(selection: RedriveSelection, inputs: RedriveInputs): RedrivePlan {
  const byIncident = new Map<string | null, DeadLetterRecord[]>();
  const covered: DeadLetterRecord[] = [];
  for (const record of inputs.records) {
    if (!inputs.inScope(record)) continue;
    if (selection.keys !== 'all' && (record.key === null || !selection.keys.has(record.key))) continue;
    const group = record.consumerGroup;
    if (selection.groups && (group === null || !selection.groups.has(group))) continue;
    if (group !== null && inputs.skipped(group, record.position)) continue;
    const release = group !== null && record.key !== null ? inputs.release(group, record.key) : undefined;
    if (release === 'running') continue;
    if (release !== 'taken-over' && group !== null && inputs.redriven(group, record.position)) continue;
    covered.push(record);
    const list = byIncident.get(record.key) ?? [];
    list.push(record);
    byIncident.set(record.key, list);
  }
  const incidents: PlannedIncident[] = [];
  for (const [key, records] of byIncident) {
    const seen = new Set<string>();
    const unique = [...records].sort(bySourceOrder).filter((record) => {
      const identity = record.eventId ?? `${record.source.partition}/${record.source.offset}`;
      if (seen.has(identity)) return false;
      seen.add(identity);
      return true;
    });
    incidents.push({ key, records: unique });
  }
  return { incidents, covered };
}

function bySourceOrder(a: DeadLetterRecord, b: DeadLetterRecord): number {
  if (a.source.partition !== b.source.partition) return a.source.partition - b.source.partition;
  const difference = BigInt(a.source.offset) - BigInt(b.source.offset);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
