import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { writeAdmission } from './write-admission';

/** An app whose writes finish only when the test says so. */
function appWithBudget(maxConcurrent: number, maxQueued: number) {
  const finish: Array<() => void> = [];
  const app = express();
  app.use(writeAdmission({ maxConcurrent, maxQueued }));
  app.post('/w', (_request, response) => {
    finish.push(() => response.status(201).json({ ok: true }));
  });
  app.get('/r', (_request, response) => {
    response.json({ ok: true });
  });
  return { app, finish };
}

describe('writeAdmission', () => {
  let server: Server;
  let base: string;
  let finish: Array<() => void>;

  beforeEach(async () => {
    const built = appWithBudget(1, 1);
    finish = built.finish;
    server = built.app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('refuses a write beyond the budget and the queue at once with 503 and Retry-After', async () => {
    const first = request(base)
      .post('/w')
      .then((response) => response);
    await until(() => finish.length === 1);
    const queued = request(base)
      .post('/w')
      .then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const refused = await request(base).post('/w');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ statusCode: 503, reason: 'over-capacity' });

    finish[0]();
    expect((await first).status).toBe(201);
    await until(() => finish.length === 2);
    finish[1]();
    expect((await queued).status).toBe(201);
  });

  it('does not count reads', async () => {
    const write = request(base)
      .post('/w')
      .then((response) => response);
    await until(() => finish.length === 1);
    expect((await request(base).get('/r')).status).toBe(200);
    finish[0]();
    await write;
  });

  it('frees the turn of a finished write for the next one', async () => {
    for (let i = 0; i < 3; i += 1) {
      const write = request(base)
        .post('/w')
        .then((response) => response);
      await until(() => finish.length === i + 1);
      finish[i]();
      expect((await write).status).toBe(201);
    }
  });
});
