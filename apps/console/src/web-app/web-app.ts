import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Vite puts every hashed file here; a new build has new names, so a browser may keep these for good. */
const HASHED_ASSETS = '/assets/';
/** Paths the single-page app never owns: the API forward, sign-in and health. */
const SERVER_PATHS = /^\/(api|auth|health)(\/|$)/;

/** The index.html of the build, or null when the web app has not been built into `webDir`. */
export function webAppIndex(webDir: string): string | null {
  const index = join(webDir, 'index.html');
  return existsSync(index) ? index : null;
}

/**
 * Serves the built single-page app: hashed assets with a year's immutable cache, everything else revalidated, and
 * `index.html` for any other page a person may open or reload (`/queue`, `/case/…`), never stored, so a new build
 * is picked up at once. A missing file that looks like one (`/assets/x.js`, `/favicon.ico`) stays a 404 rather
 * than becoming HTML the browser would try to run.
 */
export function webApp(webDir: string, index: string) {
  const files = serveStatic(webDir, {
    index: false,
    fallthrough: true,
    setHeaders: (response, path) => {
      response.setHeader('Cache-Control', cacheControlFor(path.slice(webDir.length).replace(/\\/g, '/')));
    },
  });
  const fallback = (request: Request, response: Response, next: NextFunction): void => {
    if (!isAppPage(request.method, request.path)) {
      next();
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    response.sendFile(index);
  };
  return [files, fallback];
}

export function cacheControlFor(path: string): string {
  if (path.startsWith(HASHED_ASSETS)) return 'public, max-age=31536000, immutable';
  if (path === '/index.html') return 'no-store';
  return 'no-cache';
}

/** A GET for a page of the app: not the server's own paths, and not something with a file extension. */
export function isAppPage(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (SERVER_PATHS.test(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}
