import { ALL_TOPICS, deadLetterTopic } from '@rcrp/events';
import { summariseDeadLetters, type DeadLetterTopicSummary, type ParkedIncident } from '@rcrp/messaging';
import type { DlqContext } from './dlq-context';

/** `list`: per DLQ topic, how many, how old, why (grouped), and the incidents parked behind them. */
export async function listDeadLetters(
  context: DlqContext,
  dlqTopics: readonly string[],
): Promise<Array<DeadLetterTopicSummary | { topic: string; missing: true }>> {
  const summaries: Array<DeadLetterTopicSummary | { topic: string; missing: true }> = [];
  for (const dlq of dlqTopics) {
    if (!(await context.topicExists(dlq))) {
      summaries.push({ topic: dlq, missing: true });
      continue;
    }
    const records = await context.readDeadLetters(dlq);
    const source = dlq.slice(0, -'.dlq'.length);
    const parked: ParkedIncident[] = [];
    for (const consumer of context.consumersOf(records)) parked.push(...(await consumer.parked(source)));
    const decisions = new Map<string, 'redriven' | 'skipped' | null>();
    for (const record of records) decisions.set(record.position, await context.decisionOf(record));
    summaries.push(
      summariseDeadLetters(dlq, records, {
        inScope: context.inScope,
        decisionOf: (record) => decisions.get(record.position) ?? null,
        parked,
      }),
    );
  }
  return summaries;
}

export const SYSTEM_DLQ_TOPICS: readonly string[] = ALL_TOPICS.map(deadLetterTopic);

export function formatList(
  database: string,
  summaries: ReadonlyArray<DeadLetterTopicSummary | { topic: string; missing: true }>,
): string {
  const lines: string[] = [`Dead letters of the consumers of database ${database}:`];
  for (const summary of summaries) {
    lines.push('');
    if ('missing' in summary) {
      lines.push(`${summary.topic}: no such topic on the broker`);
      continue;
    }
    const oldest = summary.oldestAwaiting ? `, oldest awaiting ${summary.oldestAwaiting.toISOString()}` : '';
    lines.push(
      `${summary.topic}: ${summary.total} dead letters, ${summary.awaiting} awaiting a decision ` +
        `(${summary.redriven} redriven, ${summary.skipped} skipped)${oldest}`,
    );
    if (summary.otherDatabases > 0)
      lines.push(`  (${summary.otherDatabases} more of consumers of other databases, left out)`);
    if (summary.reasons.length > 0) {
      lines.push('  awaiting, by reason:');
      for (const reason of summary.reasons)
        lines.push(`    ${String(reason.count).padStart(5)}  ${reason.stage}: ${reason.reason}`);
    }
    if (summary.parked.length > 0) {
      lines.push(`  parked incidents (${summary.parked.length}):`);
      for (const incident of summary.parked) {
        const release = incident.releaseId
          ? `, redrive ${incident.releaseId} running since ${incident.releaseStartedAt?.toISOString()}`
          : '';
        lines.push(
          `    ${incident.incidentKey}  behind ${incident.deadLetter}, ${incident.held} held, ` +
            `since ${incident.parkedAt.toISOString()}, consumer ${incident.consumerGroup}${release}`,
        );
      }
    } else {
      lines.push('  parked incidents: none');
    }
  }
  return `${lines.join('\n')}\n`;
}
