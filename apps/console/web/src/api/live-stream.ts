import { createEventStreamParser, type StreamEvent } from './event-stream-parser';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveStreamOptions {
  /** Below the console's origin, e.g. `/api/triage/triage/queue/stream`. */
  url: string;
  token: () => string | null;
  onEvent(event: StreamEvent): void;
  onStatus?(status: StreamStatus, detail?: string): void;
  /** A 401 or 403: the stream is not retried. */
  onRefused?(status: number): void;
  fetch?: typeof fetch;
}

/** The services send `: heartbeat` every 15 s; three missed mean the connection is dead even if the socket is not. */
const SILENCE_LIMIT_MS = 45_000;
const DEFAULT_RETRY_MS = 3_000;
const MAX_RETRY_MS = 30_000;

/**
 * A Server-Sent Events stream read with fetch and a ReadableStream (EventSource cannot send the Authorization
 * header): reconnects after the server's `retry:` (longer after each failure, at most 30 s) with `Last-Event-ID`, so
 * the server sends what was missed or a fresh snapshot. Returns the function that closes it.
 */
export function openLiveStream(options: LiveStreamOptions): () => void {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  let closed = false;
  let lastEventId: string | null = null;
  let retryMs = DEFAULT_RETRY_MS;
  let failures = 0;
  let current: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const connect = async (): Promise<void> => {
    if (closed) return;
    options.onStatus?.(lastEventId === null && failures === 0 ? 'connecting' : 'reconnecting');
    const controller = new AbortController();
    current = controller;
    let silence: ReturnType<typeof setTimeout> | null = null;
    const alive = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), SILENCE_LIMIT_MS);
    };
    try {
      const token = options.token();
      const response = await send(options.url, {
        signal: controller.signal,
        cache: 'no-store',
        headers: {
          Accept: 'text/event-stream',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(lastEventId !== null ? { 'Last-Event-ID': lastEventId } : {}),
        },
      });
      if (response.status === 401 || response.status === 403) {
        closed = true;
        options.onRefused?.(response.status);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const parser = createEventStreamParser({
        onEvent: (event) => {
          failures = 0;
          options.onEvent(event);
        },
        onComment: () => undefined,
      });
      options.onStatus?.('live');
      alive();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        alive();
        parser.push(value);
        lastEventId = parser.lastEventId ?? lastEventId;
        retryMs = parser.retryMs ?? retryMs;
      }
    } catch {
      // A network error, an HTTP error or the silence limit: reconnect below.
    } finally {
      if (silence) clearTimeout(silence);
    }
    if (closed) return;
    failures += 1;
    const delay = Math.min(MAX_RETRY_MS, retryMs * 2 ** Math.max(0, failures - 1));
    options.onStatus?.('reconnecting', `reconnecting in ${Math.round(delay / 1000)} s`);
    retryTimer = setTimeout(() => void connect(), delay);
  };

  void connect();
  return () => {
    closed = true;
    if (retryTimer) clearTimeout(retryTimer);
    current?.abort();
  };
}
