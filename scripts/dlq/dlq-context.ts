import { userInfo } from 'node:os';
import { logLevel, type Kafka } from 'kafkajs';
import type { CliIo } from '@rcrp/config';
import {
  appRoleFor,
  createPool,
  databaseName,
  SERVICE_NAMES,
  withCredentials,
  withDatabaseName,
  type ServiceName,
} from '@rcrp/database';
import { deadLetterTopic } from '@rcrp/events';
import {
  ConsumerDeadLetters,
  createKafka,
  deadLetterRecordOf,
  parseBrokers,
  parseConsumerGroup,
  type DeadLetterDecision,
  type DeadLetterRecord,
} from '@rcrp/messaging';
import { planPartitionRanges, readPartitionRanges, type PartitionRange } from '@rcrp/replay';
import type { Pool } from 'pg';

export const DEFAULT_OWNER_URL = 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp';

/** `<topic>` as typed, source or dead-letter topic: both name the same dead letters. */
export function topicsOf(typed: string): { source: string; dlq: string } {
  const source = typed.endsWith('.dlq') ? typed.slice(0, -'.dlq'.length) : typed;
  return { source, dlq: deadLetterTopic(source) };
}

const isServiceName = (value: string): value is ServiceName =>
  (SERVICE_NAMES as readonly string[]).includes(value);

/**
 * What every `npm run dlq` command works with: the broker, the database whose consumers' dead letters it acts on (a
 * broker can carry other databases' consumers too: the tests'), each consumer group's state in its service's schema
 * (as that service's app role), and who is acting.
 */
export class DlqContext {
  readonly kafka: Kafka;
  readonly database: string;
  /** Who acts: `--actor`, else RCRP_OPERATOR, else the login name; recorded with every decision. */
  readonly actor: string;
  private readonly ownerUrl: string;
  private readonly pools = new Map<string, Pool>();
  private readonly consumers = new Map<string, ConsumerDeadLetters | null>();
  private readonly decided = new Map<string, DeadLetterDecision[]>();

  constructor(
    env: Record<string, string | undefined>,
    options: { database?: string; actor?: string },
    readonly io: CliIo,
  ) {
    this.ownerUrl = env.DATABASE_OWNER_URL || DEFAULT_OWNER_URL;
    this.database = options.database ?? databaseName(this.ownerUrl);
    this.actor = options.actor ?? env.RCRP_OPERATOR ?? userInfo().username;
    this.kafka = createKafka({
      brokers: parseBrokers(env.KAFKA_BROKERS),
      clientId: 'rcrp-dlq',
      logLevel: logLevel.ERROR,
    });
  }

  /** A dead letter this database's consumers wrote (or one naming no consumer, from before issue 20). */
  inScope = (record: DeadLetterRecord): boolean => {
    if (record.consumerGroup === null) return true;
    return parseConsumerGroup(record.consumerGroup)?.database === this.database;
  };

  /** The consumer group's state, or null for a group that is not one of our services' (or of another database). */
  consumer(groupId: string): ConsumerDeadLetters | null {
    if (this.consumers.has(groupId)) return this.consumers.get(groupId)!;
    const name = parseConsumerGroup(groupId);
    let consumer: ConsumerDeadLetters | null = null;
    if (name && name.database === this.database && isServiceName(name.service)) {
      const role = appRoleFor(name.service);
      const key = `${role} ${name.schema}`;
      let pool = this.pools.get(key);
      if (!pool) {
        pool = createPool({
          url: withCredentials(withDatabaseName(this.ownerUrl, this.database), role, role),
          schema: name.schema,
          applicationName: 'rcrp-dlq',
          max: 2,
        });
        this.pools.set(key, pool);
      }
      consumer = new ConsumerDeadLetters(pool, name.schema, groupId);
    }
    this.consumers.set(groupId, consumer);
    return consumer;
  }

  /** The consumer groups of this database that wrote any of `records`. */
  consumersOf(records: readonly DeadLetterRecord[]): ConsumerDeadLetters[] {
    const groups = new Set(records.flatMap((record) => (record.consumerGroup ? [record.consumerGroup] : [])));
    return [...groups].flatMap((group) => this.consumer(group) ?? []);
  }

  /** Every decision of the group (read once per run). */
  async decisions(consumer: ConsumerDeadLetters): Promise<DeadLetterDecision[]> {
    let decisions = this.decided.get(consumer.consumerGroup);
    if (!decisions) {
      decisions = await consumer.decisions();
      this.decided.set(consumer.consumerGroup, decisions);
    }
    return decisions;
  }

  /** After this run wrote decisions: read them again when next asked. */
  forgetDecisions(): void {
    this.decided.clear();
  }

  async decisionOf(record: DeadLetterRecord): Promise<'redriven' | 'skipped' | null> {
    const consumer = record.consumerGroup ? this.consumer(record.consumerGroup) : null;
    if (!consumer) return null;
    const mine = (await this.decisions(consumer)).filter(
      (decision) => decision.deadLetter === record.position,
    );
    if (mine.some((decision) => decision.decision === 'skipped')) return 'skipped';
    return mine.length > 0 ? 'redriven' : null;
  }

  async topicExists(topic: string): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return (await admin.listTopics()).includes(topic);
    } finally {
      await admin.disconnect();
    }
  }

  /** Every record the DLQ topic holds now (a snapshot: it ends at the log end seen when it starts). */
  async readDeadLetters(dlq: string): Promise<DeadLetterRecord[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ranges: PartitionRange[];
    try {
      ranges = await planPartitionRanges(admin, [dlq], null, null);
    } finally {
      await admin.disconnect();
    }
    return this.readRanges(ranges);
  }

  /** The one record at a position, or null when there is none. */
  async readDeadLetter(dlq: string, partition: number, offset: bigint): Promise<DeadLetterRecord | null> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ranges: PartitionRange[];
    try {
      const watermarks = await admin.fetchTopicOffsets(dlq);
      const found = watermarks.find((entry) => entry.partition === partition);
      if (!found || offset < BigInt(found.low) || offset >= BigInt(found.high)) return null;
      ranges = [{ topic: dlq, topicIndex: 0, partition, start: offset, end: offset + 1n }];
    } finally {
      await admin.disconnect();
    }
    const [record] = await this.readRanges(ranges);
    return record ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
  }

  private async readRanges(ranges: readonly PartitionRange[]): Promise<DeadLetterRecord[]> {
    const records: DeadLetterRecord[] = [];
    await readPartitionRanges(this.kafka, ranges, (range, message) =>
      records.push(deadLetterRecordOf(range.topic, range.partition, message)),
    );
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }
}
