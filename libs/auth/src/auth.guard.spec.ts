import { Controller, Get, Module } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppConfig, AuthConfig, ConfigModule } from '@rcrp/config';
import { configureApp } from '@rcrp/http';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { CurrentActor, Public, Roles } from './auth.decorators';
import { AuthModule } from './auth.module';
import { AuthenticatedActor } from './roles';
import { signDevelopmentToken } from './sign-token';

@Controller('probe')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('any')
  any(@CurrentActor() actor: AuthenticatedActor) {
    return actor;
  }

  @Get('clinical')
  @Roles('clinician', 'operator')
  clinical(@CurrentActor() actor: AuthenticatedActor) {
    return actor;
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

async function startApp(auth: AuthConfig, authFailuresPerMinute = 1000): Promise<NestExpressApplication> {
  const config = { auth, rateLimit: { writesPerMinute: 1000, authFailuresPerMinute } } as AppConfig;
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forConfig(config), AuthModule, ProbeModule],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureApp(app, { title: 'probe', description: 'test', version: '0' });
  await app.init();
  return app;
}

describe('AuthGuard with HS256 (development)', () => {
  const auth: AuthConfig = {
    mode: 'hs256',
    secret: 's'.repeat(32),
    issuer: null,
    audience: null,
    maxTokenTtlSeconds: 43_200,
  };
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startApp(auth);
  });
  afterAll(() => app.close());

  const get = (path: string, token?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  it('lets anyone call a @Public route', async () => {
    await get('/probe/open').expect(200, { open: true });
  });

  it('answers 401 without a token', async () => {
    const response = await get('/probe/any').expect(401);
    expect(response.body.message).toBe('A bearer token is required (Authorization: Bearer <token>)');
  });

  it('answers 401 for a non-bearer header, a garbage token, a wrong secret and an expired token', async () => {
    await request(app.getHttpServer()).get('/probe/any').set('Authorization', 'Basic abc').expect(401);
    expect((await get('/probe/any', 'not-a-jwt').expect(401)).body.message).toBe(
      'The bearer token is malformed',
    );
    const forged = await signDevelopmentToken(
      { ...auth, secret: 'x'.repeat(32) },
      { sub: 'nurse-17', role: 'clinician' },
    );
    expect((await get('/probe/any', forged).expect(401)).body.message).toBe(
      'The bearer token signature is invalid',
    );
    const expired = await new SignJWT({ role: 'clinician' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('nurse-17')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(auth.secret));
    expect((await get('/probe/any', expired).expect(401)).body.message).toBe('The bearer token has expired');
  });

  const signed = (claims: { iat?: number; exp?: number }) => {
    let jwt = new SignJWT({ role: 'clinician' }).setProtectedHeader({ alg: 'HS256' }).setSubject('nurse-17');
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(new TextEncoder().encode(auth.secret));
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('answers 401 for a token that never expires', async () => {
    const response = await get('/probe/any', await signed({ iat: now() })).expect(401);
    expect(response.body.message).toBe('The bearer token has no expiry (exp claim); every token must expire');
  });

  it('answers 401 for a token valid for longer than AUTH_MAX_TOKEN_TTL, with or without iat', async () => {
    const tenYears = 10 * 365 * 86_400;
    for (const claims of [{ iat: now(), exp: now() + tenYears }, { exp: now() + 13 * 3600 }]) {
      const response = await get('/probe/any', await signed(claims)).expect(401);
      expect(response.body.message).toBe(
        'The bearer token is valid for longer than the 12 h this service accepts (AUTH_MAX_TOKEN_TTL)',
      );
    }
    await get('/probe/any', await signed({ iat: now(), exp: now() + 12 * 3600 })).expect(200);
    await get('/probe/any', await signed({ exp: now() + 3600 })).expect(200);
  });

  it('answers 401 for a token issued in the future beyond a minute of clock skew', async () => {
    const response = await get('/probe/any', await signed({ iat: now() + 600, exp: now() + 900 })).expect(
      401,
    );
    expect(response.body.message).toContain('issued in the future');
    await get('/probe/any', await signed({ iat: now() + 30, exp: now() + 900 })).expect(200);
  });

  it('answers 429 with Retry-After once a client failed authentication too often, even with a good token', async () => {
    const limited = await startApp(auth, 3);
    try {
      const call = (token?: string) => {
        const pending = request(limited.getHttpServer()).get('/probe/any');
        return token ? pending.set('Authorization', `Bearer ${token}`) : pending;
      };
      for (let i = 0; i < 3; i += 1) await call('not-a-jwt').expect(401);
      const refused = await call('not-a-jwt').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      const good = await signDevelopmentToken(auth, { sub: 'PC-4821', role: 'officer' });
      await call(good).expect(429);
    } finally {
      await limited.close();
    }
  });

  it('answers 401 for a token without a known role or subject', async () => {
    const sign = (claims: Record<string, unknown>, sub?: string) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h');
      return (sub ? jwt.setSubject(sub) : jwt).sign(new TextEncoder().encode(auth.secret));
    };
    expect(
      (await get('/probe/any', await sign({ role: 'system' }, 'svc')).expect(401)).body.message,
    ).toContain('role claim must be one of');
    expect((await get('/probe/any', await sign({ role: 'officer' })).expect(401)).body.message).toContain(
      'no subject',
    );
  });

  it('gives the route the actor { id: sub, role }', async () => {
    const token = await signDevelopmentToken(auth, { sub: 'PC-4821', role: 'officer' });
    await get('/probe/any', token).expect(200, { id: 'PC-4821', role: 'officer' });
  });

  it('answers 403 for the wrong role and 200 for an allowed one', async () => {
    const officer = await signDevelopmentToken(auth, { sub: 'PC-4821', role: 'officer' });
    const response = await get('/probe/clinical', officer).expect(403);
    expect(response.body.message).toBe(
      'This action needs one of the roles clinician, operator; your role is officer',
    );
    const nurse = await signDevelopmentToken(auth, { sub: 'nurse-17', role: 'clinician' });
    await get('/probe/clinical', nurse).expect(200, { id: 'nurse-17', role: 'clinician' });
  });

  it('checks issuer and audience when configured', async () => {
    const strict = await startApp({ ...auth, issuer: 'rcrp-dev', audience: 'rcrp' });
    try {
      const good = await signDevelopmentToken(
        { ...auth, issuer: 'rcrp-dev', audience: 'rcrp' },
        { sub: 'a', role: 'analyst' },
      );
      await request(strict.getHttpServer())
        .get('/probe/any')
        .set('Authorization', `Bearer ${good}`)
        .expect(200);
      const wrongAudience = await signDevelopmentToken(
        { ...auth, issuer: 'rcrp-dev', audience: 'other' },
        { sub: 'a', role: 'analyst' },
      );
      await request(strict.getHttpServer())
        .get('/probe/any')
        .set('Authorization', `Bearer ${wrongAudience}`)
        .expect(401);
    } finally {
      await strict.close();
    }
  });
});

describe('AuthGuard with RS256 from a JWKS URL (production)', () => {
  let app: NestExpressApplication;
  let jwksServer: Server;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    app = await startApp({
      mode: 'jwks',
      jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
      issuer: null,
      audience: null,
      maxTokenTtlSeconds: 43_200,
    });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('accepts an RS256 token signed by the published key', async () => {
    const token = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('op-1')
      .setExpirationTime('5m')
      .sign(privateKey);
    await request(app.getHttpServer())
      .get('/probe/any')
      .set('Authorization', `Bearer ${token}`)
      .expect(200, { id: 'op-1', role: 'operator' });
  });

  it('refuses an HS256 token, even one signed with a development secret', async () => {
    const token = await signDevelopmentToken(
      { mode: 'hs256', secret: 's'.repeat(32), issuer: null, audience: null, maxTokenTtlSeconds: 43_200 },
      { sub: 'x', role: 'operator' },
    );
    await request(app.getHttpServer()).get('/probe/any').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('answers 503 naming the identity provider when its keys cannot be fetched', async () => {
    const unreachable = await startApp({
      mode: 'jwks',
      jwksUrl: 'http://127.0.0.1:1/jwks.json',
      issuer: null,
      audience: null,
      maxTokenTtlSeconds: 43_200,
    });
    try {
      const token = await new SignJWT({ role: 'operator' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('op-1')
        .sign(privateKey);
      const response = await request(unreachable.getHttpServer())
        .get('/probe/any')
        .set('Authorization', `Bearer ${token}`)
        .expect(503);
      expect(response.body.dependency).toBe('identity provider (AUTH_JWKS_URL)');
    } finally {
      await unreachable.close();
    }
  });
});
