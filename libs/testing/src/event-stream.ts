import { request } from 'node:http';
import { waitFor } from './wait-for';

export interface StreamedEvent {
  id: string | null;
  event: string;
  data: unknown;
}

export interface OpenEventStream {
  status: number;
  contentType: string | undefined;
  events: StreamedEvent[];
  /** Comment lines seen (`: heartbeat`). */
  comments: string[];
  /** Waits until an event matching `predicate` arrived (after `from`, an index into `events`), and returns it. */
  next(
    predicate: (event: StreamedEvent) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<StreamedEvent>;
  /** Calls `listener` with every event from now on. */
  onEvent(listener: (event: StreamedEvent) => void): void;
  close(): void;
}

/**
 * A Server-Sent Events client for tests: connects with the given headers (a bearer token, `Last-Event-ID`) and
 * parses the stream as EventSource would (`id:`, `event:`, `data:` lines; a blank line ends an event).
 */
export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<OpenEventStream> {
  return new Promise((resolve, reject) => {
    const events: StreamedEvent[] = [];
    const comments: string[] = [];
    const listeners: Array<(event: StreamedEvent) => void> = [];
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      response.setEncoding('utf8');
      let buffer = '';
      let current: { id: string | null; event: string; data: string[] } = {
        id: null,
        event: 'message',
        data: [],
      };
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (current.data.length > 0) {
              const text = current.data.join('\n');
              let data: unknown = text;
              try {
                data = JSON.parse(text);
              } catch {
                // not JSON: keep the text
              }
              const streamed = { id: current.id, event: current.event, data };
              events.push(streamed);
              for (const listener of listeners) listener(streamed);
            }
            current = { id: null, event: 'message', data: [] };
          } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') current.id = value;
            else if (field === 'event') current.event = value;
            else if (field === 'data') current.data.push(value);
          }
        }
      });
      resolve({
        status: response.statusCode ?? 0,
        contentType: response.headers['content-type'],
        events,
        comments,
        next: (predicate, { from = 0, timeoutMs = 10_000 } = {}) =>
          waitFor(() => events.slice(from).find(predicate), {
            timeoutMs,
            description: 'a matching stream event',
          }),
        onEvent: (listener) => listeners.push(listener),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
