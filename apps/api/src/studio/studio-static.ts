import type { LoggerService } from '@nestjs/common';
import { Router, static as serveStatic, type Response } from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const STUDIO_PATH = '/studio';

/**
 * The studio's own policy: its scripts and styles come from this origin only
 * and never inline (Vite emits none). Inline styles stay allowed because the
 * editor and the charts set them, and an email preview's `srcdoc` frame inherits
 * this policy, so its HTML may bring its own styles and images too, while its
 * empty sandbox keeps any script from running.
 */
const STUDIO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function secure(response: Response): void {
  response.setHeader('Content-Security-Policy', STUDIO_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
}

/**
 * Serves the built studio at /studio: hashed assets cached for good, index.html
 * never cached (so a new build is picked up at once), and every other path under
 * /studio answered with index.html for the studio's own client-side routes.
 */
export function studioStatic(studioDir: string, logger?: LoggerService): Router {
  const router = Router();
  const index = path.join(studioDir, 'index.html');
  if (!existsSync(index)) logger?.warn?.(`the studio is not built (${index} is missing): run npm run build:studio`);
  const sendIndex = (response: Response) => {
    secure(response);
    response.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      response.status(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'the studio is not built: run npm run build:studio' });
      return;
    }
    response.sendFile(index);
  };
  router.use(
    '/assets',
    serveStatic(path.join(studioDir, 'assets'), {
      index: false,
      fallthrough: false,
      immutable: true,
      maxAge: '365d',
      setHeaders: (response) => secure(response),
    }),
  );
  router.get(/.*/, (_request, response) => sendIndex(response));
  return router;
}
