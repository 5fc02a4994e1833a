import { Logger } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigurationError, ConsoleConfig, loadConsoleConfig } from '@rcrp/config';
import { createValidationPipe, HttpErrorFilter, StartupError } from '@rcrp/http';
import { createServiceLogger, PinoNestLogger } from '@rcrp/observability/telemetry';
import { json, type Request, type Response } from 'express';
import helmet from 'helmet';
import { ConsoleModule } from './console.module';
import { serviceProxy } from './proxy/service-proxy';
import { webApp, webAppIndex } from './web-app/web-app';

/**
 * Starts the console: the forward to the services under `/api`, the built web app, and the console's own routes
 * (`/auth`, `/health`). Returns the listening app; e2e tests and `runConsole` call it.
 */
export async function startConsole(
  config: ConsoleConfig = loadConsoleConfig(),
): Promise<NestExpressApplication> {
  const index = webAppIndex(config.webDir);
  if (index === null) {
    throw new StartupError(
      `Startup error: the console's web app is not built (no index.html in ${config.webDir}, CONSOLE_WEB_DIR); run npm run build:console`,
    );
  }
  const logger = createServiceLogger({ service: 'console', level: config.logLevel });
  // No body parser for everything: the forward streams request bodies to the services untouched.
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forConfig(config), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  // The services answer with their own security headers; these cover the console's pages and routes. The
  // production sign-in talks to the OpenID provider from the page (discovery, token, refresh), so its origin may be
  // fetched too; nothing else outside the console's own.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: null,
        ...(config.oidc && { connectSrc: ["'self'", new URL(config.oidc.issuer).origin] }),
      },
    },
  });
  app.use('/api', serviceProxy(config.services));
  app.use('/api', (_request: Request, response: Response) => {
    response.status(404).json({
      statusCode: 404,
      error: 'Not Found',
      message: 'The console forwards /api/intake, /api/triage and /api/outcomes only',
    });
  });
  app.use(securityHeaders);
  app.use(...webApp(config.webDir, index));
  app.use('/auth', json({ limit: '16kb' }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(app.get(HttpAdapterHost)));
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new StartupError(
        `Startup error: port ${config.http.port} is already in use (${config.http.portSetting}); stop what uses it or choose another port`,
      );
    }
    throw error;
  }
  return app;
}

/** `node dist/apps/console/main.js`: start, say where, or one line on stderr and exit code 1. */
export async function runConsole(): Promise<void> {
  try {
    const config = loadConsoleConfig();
    await startConsole(config);
    const host = ['0.0.0.0', '::'].includes(config.http.host) ? 'localhost' : config.http.host;
    new Logger('Bootstrap').log(`console listening on http://${host}:${config.http.port}`);
  } catch (error) {
    const message =
      error instanceof ConfigurationError || error instanceof StartupError
        ? error.message
        : `Startup error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message.replace(/\s+/g, ' ').trim()}\n`);
    process.exit(1);
  }
}
