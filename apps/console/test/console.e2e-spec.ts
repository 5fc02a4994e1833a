import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConsoleConfig } from '@rcrp/config';
import { freePort, openEventStream } from '@rcrp/testing';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole } from '../src/run-console';

/**
 * The console process as a browser meets it (issue 17), against a stand-in triage that records what reached it and
 * streams events at its own pace: the forward must pass the right headers, and deliver each event as it is written.
 */
describe('the console', () => {
  let app: NestExpressApplication;
  let base: string;
  let triage: Server;
  let seen: { url: string; headers: IncomingHttpHeaders } | null = null;
  let releaseSecondEvent: () => void = () => undefined;

  beforeAll(async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'console-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>RCRP console</title>');
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');

    triage = createServer((request, response) => {
      seen = { url: request.url ?? '', headers: request.headers };
      if (request.url?.startsWith('/triage/queue/stream')) {
        response.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
        });
        response.write('id: 1\nevent: snapshot\ndata: {"asOf":"2026-12-02T10:00:00Z","items":[]}\n\n');
        releaseSecondEvent = () => response.write('id: 2\nevent: removed\ndata: {"key":"a"}\n\n');
        return;
      }
      response.writeHead(422, { 'Content-Type': 'application/json', ETag: '"4"' });
      response.end(JSON.stringify({ statusCode: 422, message: 'refused', ruleId: 'TRIAGE-NOT-ANSWERED' }));
    });
    const triagePort = await freePort();
    await new Promise<void>((resolve) => triage.listen(triagePort, '127.0.0.1', resolve));
    const port = await freePort();
    const closedPort = await freePort();
    app = await startConsole(
      loadConsoleConfig({
        envFile: null,
        env: {
          NODE_ENV: 'test',
          LOG_LEVEL: 'error',
          CONSOLE_PORT: String(port),
          CONSOLE_WEB_DIR: webDir,
          CONSOLE_TRIAGE_URL: `http://127.0.0.1:${triagePort}`,
          CONSOLE_OUTCOMES_URL: `http://127.0.0.1:${closedPort}`,
          AUTH_JWT_SECRET: 'test-secret-not-for-production-0123456789abcdef',
        },
      }),
    );
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.close();
    triage?.closeAllConnections();
    await new Promise((resolve) => triage?.close(resolve));
  });

  it('streams server-sent events through as they are written, not when the stream ends', async () => {
    const stream = await openEventStream(`${base}/api/triage/triage/queue/stream`, {
      authorization: 'Bearer t',
      'last-event-id': '0',
    });
    try {
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      await stream.next((event) => event.event === 'snapshot');
      releaseSecondEvent();
      expect(await stream.next((event) => event.event === 'removed')).toEqual({
        id: '2',
        event: 'removed',
        data: { key: 'a' },
      });
      expect(seen?.headers['last-event-id']).toBe('0');
    } finally {
      stream.close();
    }
  });

  it("passes the token, the access reason and If-Match on, the cookies not, and answers with the service's answer", async () => {
    const response = await fetch(`${base}/api/triage/triage/abc/advice?x=1`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer t',
        'X-Access-Reason': 'Answering the call',
        'If-Match': '"3"',
        Cookie: 'a=b',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ rationale: 'r' }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('etag')).toBe('"4"');
    expect(await response.json()).toEqual({
      statusCode: 422,
      message: 'refused',
      ruleId: 'TRIAGE-NOT-ANSWERED',
    });
    expect(seen?.url).toBe('/triage/abc/advice?x=1');
    expect(seen?.headers).toMatchObject({
      authorization: 'Bearer t',
      'x-access-reason': 'Answering the call',
      'if-match': '"3"',
      'content-type': 'application/json',
    });
    expect(seen?.headers.cookie).toBeUndefined();
  });

  it("answers 503 in the services' error shape for a service that is down", async () => {
    const response = await fetch(`${base}/api/outcomes/detentions/active`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ statusCode: 503, dependency: 'outcomes' });
  });

  it("serves index.html for the app's pages, never stored, and the hashed assets for a year", async () => {
    const page = await fetch(`${base}/queue/0190b2a4-1111-7000-8000-000000000000`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('RCRP console');
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/api/elsewhere/x`)).status).toBe(404);
  });

  it('mints a development token for a role and a name, and refuses an unknown role by field', async () => {
    const minted = await fetch(`${base}/auth/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'clinician', sub: 'RN-0042' }),
    });
    expect(minted.status).toBe(201);
    const answer = (await minted.json()) as { token: string; expiresAt: string };
    const claims = JSON.parse(Buffer.from(answer.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ role: 'clinician', sub: 'RN-0042' });
    expect(claims.exp - claims.iat).toBe(3600);
    const refused = await fetch(`${base}/auth/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'superuser', sub: 'x' }),
    });
    expect(refused.status).toBe(400);
    expect(
      ((await refused.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field),
    ).toEqual(['role']);
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'live' });
  });
});

describe('the console in production', () => {
  it('has no development sign-in route at all, and says so to the sign-in screen', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'console-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html>');
    const port = await freePort();
    const app = await startConsole(
      loadConsoleConfig({
        envFile: null,
        env: {
          NODE_ENV: 'production',
          LOG_LEVEL: 'error',
          CONSOLE_PORT: String(port),
          CONSOLE_WEB_DIR: webDir,
        },
      }),
    );
    try {
      const minted = await fetch(`http://127.0.0.1:${port}/auth/dev-token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'operator', sub: 'op-1' }),
      });
      expect(minted.status).toBe(404);
      expect(await (await fetch(`http://127.0.0.1:${port}/auth/options`)).json()).toEqual({
        developmentSignIn: false,
        issuer: null,
        oidc: null,
      });
    } finally {
      await app.close();
    }
  });
});
