import { SingleBar } from 'cli-progress';

/** Progress of a replay on stderr (stdout may be the data itself). */
export interface ReplayProgress {
  start(total: number): void;
  advance(count: number): void;
  stop(): void;
}

interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * A terminal gets a bar with events/s and ETA; a pipe or log file gets a plain line every `intervalMs`, since a
 * redrawn bar there is just noise.
 */
export function createProgress(stream: ProgressStream, intervalMs = 2_000): ReplayProgress {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream, intervalMs);
}

class BarProgress implements ReplayProgress {
  private readonly bar: SingleBar;
  private done = 0;
  private startedAt = 0;

  constructor(stream: ProgressStream) {
    this.bar = new SingleBar({
      stream: stream as NodeJS.WritableStream,
      format: 'replay [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
      etaBuffer: 50,
      fps: 5,
      hideCursor: true,
    });
  }

  start(total: number): void {
    this.startedAt = Date.now();
    this.bar.start(total, 0, { rate: 0 });
  }

  advance(count: number): void {
    this.done += count;
    this.bar.update(this.done, { rate: ratePerSecond(this.done, this.startedAt) });
  }

  stop(): void {
    this.bar.stop();
  }
}

class LineProgress implements ReplayProgress {
  private total = 0;
  private done = 0;
  private startedAt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly stream: ProgressStream,
    private readonly intervalMs: number,
  ) {}

  start(total: number): void {
    this.total = total;
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.report(), this.intervalMs);
    this.timer.unref();
  }

  advance(count: number): void {
    this.done += count;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private report(): void {
    const rate = ratePerSecond(this.done, this.startedAt);
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : null;
    this.stream.write(
      `replay: ${this.done}/${this.total} events read, ${rate} events/s, ETA ${eta === null ? '?' : `${eta}s`}\n`,
    );
  }
}

function ratePerSecond(done: number, startedAt: number): number {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? Math.round(done / seconds) : 0;
}
