import { Logger } from '@nestjs/common';

/** One message of a live view's stream: `snapshot` on connect (or when a resume is too old), then one per change. */
export interface LiveMessage {
  /** `<instance epoch>-<sequence>`: what a client sends back as `Last-Event-ID` to resume. */
  id: string;
  event: 'snapshot' | 'added' | 'updated' | 'removed';
  data: unknown;
}

export interface LiveViewOptions<T> {
  /** Logged with failures. */
  name: string;
  /** The whole view as it stands (one query for every connected client). */
  read: () => Promise<{ asOf: string; items: T[] }>;
  key: (item: T) => string;
  /** Fields that change with the clock alone (`waitingSeconds`, `minutesRemaining`): not a change to push. */
  volatile?: readonly (keyof T)[];
  /** Safety poll for changes this instance was not told of (another instance applied them). Default 2 s. */
  pollMs?: number;
  /** Changes kept for resuming (`Last-Event-ID`); an older id gets a snapshot. Default 1000. */
  keep?: number;
  /**
   * Least time between the starts of two reads (default 200 ms): under a surge of commits the view is read a few
   * times a second, not once per commit (issue 18: the queue read and its comparison were a tenth of triage's CPU).
   * A change after a quiet spell is still read at once.
   */
  minReadGapMs?: number;
}

type Listener = (message: LiveMessage) => void;
/** Called when the view stops (the service shuts down): the stream should end so the server can close. */
type OnEnd = () => void;

/**
 * A read model as a stream of changes (issue 16: `GET /triage/queue/stream`, `GET /detentions/active/stream`). One
 * refresh per change for all clients: re-read, compare with the last state by key, and push `added` / `updated` /
 * `removed` for what differs. Refreshed when a projection of this instance commits a batch (`refresh()`) and by a
 * poll every `pollMs` as a fallback. The last `keep` changes are kept, so a client that reconnects with the id of
 * the last message it saw gets exactly what it missed; one further back, or from another instance's epoch, gets a
 * fresh snapshot (the view is state: a snapshot is always a correct resume).
 */
export class LiveView<T> {
  private readonly logger: Logger;
  private epoch = LiveView.newEpoch();
  private sequence = 0;
  private state = new Map<string, T>();
  private asOf = new Date(0).toISOString();
  private readonly log: LiveMessage[] = [];
  private readonly listeners = new Map<Listener, OnEnd | undefined>();
  private loaded: Promise<void> | null = null;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private lastReadAt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: LiveViewOptions<T>) {
    this.logger = new Logger(`LiveView:${options.name}`);
  }

  /**
   * Subscribes: first the snapshot, or the changes after `lastEventId` when they are still kept; then every change.
   * Returns the unsubscribe. Polling runs only while someone listens.
   */
  async subscribe(listener: Listener, lastEventId?: string | null, onEnd?: OnEnd): Promise<() => void> {
    await this.ensureLoaded();
    const missed = this.changesAfter(lastEventId);
    if (missed === null) listener(this.snapshot());
    else for (const message of missed) listener(message);
    this.listeners.set(listener, onEnd);
    this.startPolling();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.forget();
    };
  }

  /** Re-reads and pushes the differences; concurrent calls coalesce into one more read, `minReadGapMs` after. */
  refresh(): Promise<void> {
    if (this.listeners.size === 0) return Promise.resolve();
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        const wait = this.lastReadAt + (this.options.minReadGapMs ?? 200) - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // What was asked for while waiting is covered by this read.
        this.again = false;
        this.lastReadAt = Date.now();
        try {
          await this.apply(await this.options.read());
        } catch (error) {
          // The class only: a database error's message can quote values.
          this.logger.warn(`refresh failed: ${error instanceof Error ? error.name : 'unknown error'}`);
        }
      } while (this.again && this.listeners.size > 0);
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  stop(): void {
    const ends = [...this.listeners.values()];
    this.listeners.clear();
    this.forget();
    for (const end of ends) end?.();
  }

  /**
   * Nobody listens: stop reading, and start over at the next subscriber with a new epoch, so an id given out before
   * can only ever resume with a snapshot (the kept changes no longer follow on from what is held).
   */
  private forget(): void {
    this.stopPolling();
    this.loaded = null;
    this.log.length = 0;
    this.sequence = 0;
    this.epoch = LiveView.newEpoch();
  }

  private static counter = 0;

  private static newEpoch(): string {
    LiveView.counter += 1;
    return `${Date.now().toString(36)}${LiveView.counter.toString(36)}`;
  }

  private async ensureLoaded(): Promise<void> {
    this.loaded ??= (async () => {
      const { asOf, items } = await this.options.read();
      this.asOf = asOf;
      this.state = new Map(items.map((item) => [this.options.key(item), item]));
    })().catch((error: unknown) => {
      this.loaded = null;
      throw error;
    });
    await this.loaded;
  }

  private snapshot(): LiveMessage {
    return {
      id: this.currentId(),
      event: 'snapshot',
      data: { asOf: this.asOf, items: [...this.state.values()] },
    };
  }

  private currentId(): string {
    return `${this.epoch}-${this.sequence}`;
  }

  /** The kept changes after `lastEventId`, [] when it is the latest, null when a snapshot is needed. */
  private changesAfter(lastEventId: string | null | undefined): LiveMessage[] | null {
    if (!lastEventId) return null;
    const [epoch, raw] = lastEventId.split('-');
    const seen = Number(raw);
    if (epoch !== this.epoch || !Number.isInteger(seen) || seen > this.sequence) return null;
    if (seen === this.sequence) return [];
    const oldestKept = this.log.length === 0 ? this.sequence + 1 : Number(this.log[0].id.split('-')[1]);
    if (seen + 1 < oldestKept) return null;
    return this.log.filter((message) => Number(message.id.split('-')[1]) > seen);
  }

  private apply({ asOf, items }: { asOf: string; items: T[] }): void {
    this.asOf = asOf;
    const next = new Map(items.map((item) => [this.options.key(item), item]));
    for (const [key, item] of next) {
      const before = this.state.get(key);
      if (before === undefined) this.push('added', item);
      else if (!this.same(before, item)) this.push('updated', item);
    }
    for (const [key] of this.state) if (!next.has(key)) this.push('removed', { key });
    this.state = next;
  }

  private same(a: T, b: T): boolean {
    const strip = (item: T) => {
      const copy = { ...item } as Record<string, unknown>;
      for (const field of this.options.volatile ?? []) delete copy[field as string];
      return JSON.stringify(copy);
    };
    return strip(a) === strip(b);
  }

  private push(event: LiveMessage['event'], data: unknown): void {
    this.sequence += 1;
    const message: LiveMessage = { id: this.currentId(), event, data };
    this.log.push(message);
    if (this.log.length > (this.options.keep ?? 1000)) this.log.shift();
    for (const listener of this.listeners.keys()) listener(message);
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.options.pollMs ?? 2000);
    this.timer.unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
