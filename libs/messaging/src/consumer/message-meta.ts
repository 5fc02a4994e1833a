import type { IHeaders } from 'kafkajs';

/** Where a consumed record came from; handed to handlers and written to the inbox and DLQ headers. */
export interface MessageMeta {
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string. */
  offset: string;
  key: string | null;
  headers: IHeaders;
  timestamp: string;
}
