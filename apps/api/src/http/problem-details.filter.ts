import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@app/kernel';
import { currentRequestId } from '@app/observability';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType, STATUS_BY_CODE, TITLE_BY_STATUS } from './problem-details';

/** Answers that mean "the same request will work later": each tells the client when to try again. */
const RETRY_LATER: ReadonlySet<string> = new Set(['rendition_pending', 'unavailable', 'idempotency_in_flight', 'rate_limited']);

/**
 * The one place errors become HTTP: domain errors by their code, framework
 * errors by their status, anything else a 500 whose details stay in the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500 && problem.code === 'internal_error') {
      this.logger.error(exception instanceof Error ? exception : String(exception));
    }
    if (RETRY_LATER.has(problem.code)) {
      response.setHeader('Retry-After', String(problem.retryAfterSeconds ?? 2));
    }
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const base = { instance: request.originalUrl, requestId: currentRequestId() };
    if (exception instanceof DomainError) {
      const status = STATUS_BY_CODE[exception.code];
      return {
        type: problemType(exception.code),
        title: TITLE_BY_STATUS[status] ?? 'Error',
        status,
        detail: exception.message,
        code: exception.code,
        ...base,
        ...(exception.errors.length ? { errors: exception.errors } : {}),
        ...exception.details,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        type: problemType('unavailable'),
        title: TITLE_BY_STATUS[503],
        status: 503,
        detail: 'The database is not reachable at the moment; retry shortly',
        code: 'unavailable',
        retryAfterSeconds: 5,
        ...base,
      };
    }
    const status = httpStatusOf(exception);
    if (status && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 404 ? 'route_not_found' : status === 405 ? 'method_not_allowed' : 'malformed_request';
      return {
        type: problemType(code),
        title: TITLE_BY_STATUS[status] ?? 'Error',
        status,
        detail: describeClientError(exception, status),
        code,
        ...base,
      };
    }
    return {
      type: problemType('internal_error'),
      title: TITLE_BY_STATUS[500],
      status: 500,
      detail: 'An unexpected error occurred; it has been logged with this request id.',
      code: 'internal_error',
      ...base,
    };
  }
}

/**
 * Lost or refused database connections (server restarting, failing over) are
 * a temporary outage for the caller, not a bug: 503 with Retry-After. Over a
 * Unix socket (the embedded server) a stopped server is a socket file gone.
 */
function isDatabaseUnavailable(exception: unknown): boolean {
  const error = exception as { code?: unknown; driverError?: { code?: unknown }; message?: unknown };
  const code = String(error?.driverError?.code ?? error?.code ?? '');
  if (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  return /Connection terminated|connect ECONNREFUSED|connect ENOENT \S*\.s\.PGSQL\.\d+|timeout exceeded when trying to connect/i.test(String(error?.message ?? ''));
}

/** Status of Nest HTTP exceptions and of body-parser errors (which carry `status`). */
function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function describeClientError(exception: unknown, status: number): string {
  const type = (exception as { type?: string })?.type;
  if (type === 'entity.parse.failed') return 'The request body is not valid JSON';
  if (status === 413) return 'The request body is larger than this endpoint accepts';
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    if (typeof body === 'object' && body && 'message' in body) {
      const message = (body as { message: unknown }).message;
      return Array.isArray(message) ? message.join('; ') : String(message);
    }
    return exception.message;
  }
  return exception instanceof Error ? exception.message : 'Bad request';
}
