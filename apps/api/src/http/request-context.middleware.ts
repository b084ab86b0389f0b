import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { requestContext } from '@app/observability';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const logger = new Logger('Http');

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane),
 * echoes it back, and logs one line per request when the response is sent.
 */
export function requestContextMiddleware(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header('x-request-id');
  const requestId = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
  const started = process.hrtime.bigint();
  response.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId }, () => {
    response.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log({ msg: 'request', method: request.method, path: request.originalUrl.split('?')[0], status: response.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  });
}
