import type { ParkedIncident } from '../consumer/parking';
import type { DeadLetterRecord } from './dead-letter-record';

/**
 * A reason as the tool prints it: everything from the first quote to the last removed, because a decoder's message
 * can quote the record (JSON.parse's does, quotes within quotes), and a record may hold personal data.
 */
export function printableReason(record: Pick<DeadLetterRecord, 'stage' | 'error'>): string {
  if (record.stage === 'parked') return 'held behind an earlier dead letter of its incident';
  const quotes = [...record.error.matchAll(/["'`]/g)].map((match) => match.index!);
  if (quotes.length === 0) return record.error || '(no reason given)';
  const [first, last] = [quotes[0], quotes.length > 1 ? quotes[quotes.length - 1] + 1 : record.error.length];
  return `${record.error.slice(0, first)}"…"${record.error.slice(last)}`;
}

export interface DeadLetterTopicSummary {
  topic: string;
  /** Dead letters of this database's consumers (and those naming no consumer). */
  total: number;
  /** Not yet redriven or skipped. */
  awaiting: number;
  redriven: number;
  skipped: number;
  /** Dead letters of consumers of other databases on the same broker (tests), left out of everything else. */
  otherDatabases: number;
  oldestAwaiting: Date | null;
  /** Awaiting dead letters by stage and reason, most first. */
  reasons: Array<{ stage: string; reason: string; count: number }>;
  parked: ParkedIncident[];
}

export interface SummaryInputs {
  inScope(record: DeadLetterRecord): boolean;
  decisionOf(record: DeadLetterRecord): 'redriven' | 'skipped' | null;
  parked: readonly ParkedIncident[];
}

/** `npm run dlq -- list` for one DLQ topic (pure). */
export function summariseDeadLetters(
  topic: string,
  records: readonly DeadLetterRecord[],
  inputs: SummaryInputs,
): DeadLetterTopicSummary {
  const summary: DeadLetterTopicSummary = {
    topic,
    total: 0,
    awaiting: 0,
    redriven: 0,
    skipped: 0,
    otherDatabases: 0,
    oldestAwaiting: null,
    reasons: [],
    parked: [...inputs.parked],
  };
  const reasons = new Map<string, { stage: string; reason: string; count: number }>();
  for (const record of records) {
    if (!inputs.inScope(record)) {
      summary.otherDatabases += 1;
      continue;
    }
    summary.total += 1;
    const decision = inputs.decisionOf(record);
    if (decision === 'redriven') summary.redriven += 1;
    else if (decision === 'skipped') summary.skipped += 1;
    if (decision) continue;
    summary.awaiting += 1;
    if (!summary.oldestAwaiting || record.at < summary.oldestAwaiting) summary.oldestAwaiting = record.at;
    const reason = printableReason(record);
    const group = reasons.get(`${record.stage}\n${reason}`) ?? { stage: record.stage, reason, count: 0 };
    group.count += 1;
    reasons.set(`${record.stage}\n${reason}`, group);
  }
  summary.reasons = [...reasons.values()].sort((a, b) => b.count - a.count);
  return summary;
}
