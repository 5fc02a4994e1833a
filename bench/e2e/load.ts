/**
 * Open-loop load: request i is due at start + i / rate whatever happened to the earlier ones (a slow service does
 * not slow the offered load down, as a closed loop of N clients would). Latency is measured from the moment a
 * request was due, so time spent waiting for a free socket counts against the service (no coordinated omission);
 * the time from actually sending is kept too.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  port: number;
  token: string;
  rate: number;
  seconds: number;
  timeoutMs: number;
  /** Body of request i (unique per request so none is an idempotent repeat). */
  body: (index: number) => unknown;
  /** Called on each 201 with the incident id and the time the response arrived (performance.now()). */
  onCreated: (incidentId: string, at: number) => void;
}

export type Outcome =
  | { kind: 'ok'; status: number }
  | { kind: 'non2xx'; status: number; retryAfter: boolean }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string };

export interface RequestRecord {
  dueAt: number;
  sentAt: number;
  doneAt: number;
  outcome: Outcome;
}

export interface LoadResult {
  records: RequestRecord[];
  startedAt: number;
  /** When the last request was due; achieved rate = completed requests over [start, last response]. */
  lastDueAt: number;
  finishedAt: number;
  /** The first few non-2xx answers (status and body), to say why they failed. */
  failureSamples: Array<{ status: number; body: string }>;
  /** Largest lag between a request being due and the generator sending it (the generator's own health). */
  maxSendLagMs: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const total = Math.round(options.rate * options.seconds);
  const agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
  const records: RequestRecord[] = new Array(total);
  const interval = 1000 / options.rate;
  let sent = 0;
  let completed = 0;
  let maxSendLagMs = 0;
  const failureSamples: Array<{ status: number; body: string }> = [];
  const startedAt = performance.now();

  await new Promise<void>((allDone) => {
    const finish = () => {
      completed += 1;
      if (completed === total) allDone();
    };
    const send = (index: number, dueAt: number) => {
      const payload = JSON.stringify(options.body(index));
      const sentAt = performance.now();
      maxSendLagMs = Math.max(maxSendLagMs, sentAt - dueAt);
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        records[index] = { dueAt, sentAt, doneAt: performance.now(), outcome };
        finish();
      };
      const req = request(
        {
          agent,
          host: '127.0.0.1',
          port: options.port,
          method: 'POST',
          path: '/incidents',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status === 201) {
              const arrivedAt = performance.now();
              try {
                options.onCreated(
                  (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { incidentId: string }).incidentId,
                  arrivedAt,
                );
              } catch {
                // A 201 without a readable id cannot be probed; it still counts as the 201 it was.
              }
            }
            if ((status < 200 || status >= 300) && failureSamples.length < 5) {
              failureSamples.push({ status, body: Buffer.concat(chunks).toString('utf8').slice(0, 500) });
            }
            settle(
              status >= 200 && status < 300
                ? { kind: 'ok', status }
                : { kind: 'non2xx', status, retryAfter: response.headers['retry-after'] !== undefined },
            );
          });
          response.on('error', (error: NodeJS.ErrnoException) =>
            settle({ kind: 'network', code: error.code ?? error.name }),
          );
        },
      );
      const timer = setTimeout(() => {
        settle({ kind: 'timeout' });
        req.destroy();
      }, options.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) =>
        settle({ kind: 'network', code: error.code ?? error.name }),
      );
      req.end(payload);
    };
    // A 1 ms tick sends everything due by now; setTimeout's own lateness only delays sends, it never drops them.
    const tick = () => {
      const now = performance.now();
      while (sent < total && startedAt + sent * interval <= now) {
        send(sent, startedAt + sent * interval);
        sent += 1;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    if (total === 0) allDone();
    else tick();
  });

  agent.destroy();
  const lastDueAt = startedAt + (total - 1) * interval;
  return { records, startedAt, lastDueAt, finishedAt: performance.now(), maxSendLagMs, failureSamples };
}
