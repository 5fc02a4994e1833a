import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from './error-body';
import { READ_METHODS } from './write-rate-limit';

export interface WriteAdmissionOptions {
  /** Writes worked on at once (HTTP_MAX_CONCURRENT_WRITES): the request pool's size. */
  maxConcurrent: number;
  /** Writes waiting for a turn (HTTP_MAX_QUEUED_WRITES); one more is refused at once. */
  maxQueued: number;
  /** What a refused client is told to wait; default 1 s. */
  retryAfterSeconds?: number;
}

/**
 * Sheds load at the edge, over all clients (the per-client write limit is a different job): at most `maxConcurrent`
 * writes are worked on at once and `maxQueued` wait, in arrival order, for one of them to finish; a write beyond that
 * is answered 503 with `Retry-After` before its body is read. Without it, an overloaded service lets every request
 * wait up to the pool's connection timeout before refusing it, so overload becomes latency for everyone first.
 * Reads are not counted: they are cheap, and the live streams stay open for hours.
 */
export function writeAdmission(
  options: WriteAdmissionOptions,
): (request: Request, response: Response, next: NextFunction) => void {
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  let active = 0;
  const waiting: Array<() => void> = [];
  // A finished write hands its turn to the next one waiting, or frees it.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return (request, response, next) => {
    if (READ_METHODS.has(request.method)) return next();
    const admit = (): void => {
      let released = false;
      const done = (): void => {
        if (released) return;
        released = true;
        release();
      };
      response.once('finish', done);
      response.once('close', done);
      next();
    };
    if (active < options.maxConcurrent) {
      active += 1;
      admit();
    } else if (waiting.length < options.maxQueued) {
      waiting.push(admit);
      // A client that gives up while waiting leaves the queue.
      response.once('close', () => {
        const index = waiting.indexOf(admit);
        if (index >= 0) waiting.splice(index, 1);
      });
    } else {
      const body: ErrorBody = {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The service is at capacity; try again shortly',
        reason: 'over-capacity',
      };
      response.status(503).set('Retry-After', retryAfter).json(body);
    }
  };
}
