import type { Response } from 'superagent';

/**
 * supertest parsers that keep a response's exact bytes, for bodies it would
 * otherwise try to read as JSON or leave empty (PDF, message/rfc822, images).
 */
type Done = (error: Error | null, body: unknown) => void;

export function bytesBody(response: Response, done: Done): void {
  // In Node, superagent hands the parser the response stream itself.
  const stream = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

export function textBody(response: Response, done: Done): void {
  bytesBody(response, (error, body) => done(error, (body as Buffer).toString('utf8')));
}
