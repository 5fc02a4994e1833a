import type { Pool, PoolClient } from 'pg';
import { sleep } from '@rcrp/database';

/**
 * One PostgreSQL connection held for a whole session, because session-scoped things live and die with it:
 * the relay's advisory lock (released by PostgreSQL when the connection goes, which is how a standby
 * notices that the active relay died) and LISTEN subscriptions.
 */
export class DedicatedSession {
  private client: PoolClient | null = null;
  private lostListeners: Array<(error: unknown) => void> = [];
  private notificationListeners: Array<(channel: string, payload: string | undefined) => void> = [];

  constructor(private readonly pool: Pool) {}

  get isOpen(): boolean {
    return this.client !== null;
  }

  async open(): Promise<PoolClient> {
    if (this.client) return this.client;
    const client = await this.pool.connect();
    const onLost = (error: unknown): void => this.handleLost(client, error);
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('session connection ended')));
    client.on('notification', (message) => {
      for (const listener of this.notificationListeners) listener(message.channel, message.payload);
    });
    this.client = client;
    return client;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of any query this session runs
  async query(text: string, values?: unknown[]): Promise<{ rows: any[] }> {
    const client = await this.open();
    return client.query(text, values);
  }

  onLost(listener: (error: unknown) => void): void {
    this.lostListeners.push(listener);
  }

  onNotification(listener: (channel: string, payload: string | undefined) => void): void {
    this.notificationListeners.push(listener);
  }

  /** Closes the connection for good (never back to the pool: it carries locks and LISTENs). */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners('end');
    // Destroying the connection releases every session lock and LISTEN server-side.
    client.release(true);
    await sleep(0);
  }

  private handleLost(client: PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    try {
      client.release(error instanceof Error ? error : true);
    } catch {
      // Already released: nothing left to clean.
    }
    for (const listener of this.lostListeners) listener(error);
  }
}
