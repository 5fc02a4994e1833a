import type { Request, Response } from 'express';

export interface ServerSentEvent {
  id: string;
  event: string;
  data: unknown;
}

export interface SseOptions {
  /** A comment line this often keeps proxies and the client from timing the stream out. Default 15 s. */
  heartbeatMs?: number;
  /** How long a client waits before reconnecting (the `retry:` field). Default 3 s. */
  retryMs?: number;
}

/**
 * Serves one Server-Sent Events stream (issue 16) on a route that took `@Res()`: the headers, `retry:`, the events
 * `subscribe` hands to `send` (`id:`, `event:`, one `data:` line of JSON), a `: heartbeat` comment every
 * `heartbeatMs`, and the unsubscribe when the client goes. The client's `Last-Event-ID` header (sent by
 * EventSource on reconnect) or `?lastEventId=` is passed to `subscribe` for the resume.
 */
export async function serveEventStream(
  request: Request,
  response: Response,
  subscribe: (
    send: (event: ServerSentEvent) => void,
    lastEventId: string | null,
    end: () => void,
  ) => Promise<() => void>,
  { heartbeatMs = 15_000, retryMs = 3_000 }: SseOptions = {},
): Promise<void> {
  const header = request.headers['last-event-id'];
  const query = request.query.lastEventId;
  const lastEventId = (typeof header === 'string' && header) || (typeof query === 'string' && query) || null;
  response.status(200);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Connection', 'keep-alive');
  // nginx and other proxies buffer responses unless told not to.
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
  response.write(`retry: ${retryMs}\n\n`);
  const send = (event: ServerSentEvent) => {
    if (response.writableEnded) return;
    response.write(`id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
  };
  let unsubscribe: (() => void) | null = null;
  const heartbeat = setInterval(() => {
    if (!response.writableEnded) response.write(': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref();
  const close = () => {
    clearInterval(heartbeat);
    unsubscribe?.();
    unsubscribe = null;
  };
  // The response's close, not the request's: a GET's request closes as soon as its (empty) body was read.
  response.on('close', close);
  try {
    unsubscribe = await subscribe(send, lastEventId, () => {
      close();
      if (!response.writableEnded) response.end();
    });
    // The client may have gone while the first read ran.
    if (response.destroyed || response.writableEnded) close();
  } catch {
    close();
    if (!response.writableEnded) {
      response.write(
        `event: error\ndata: ${JSON.stringify({ message: 'The stream could not be read; reconnect shortly.' })}\n\n`,
      );
      response.end();
    }
  }
}
