import { DomainError } from '@app/kernel';

/** Messages between the sandbox and its threads. Everything crosses by structured clone. */
export type ToThread =
  | { readonly type: 'task'; readonly id: number; readonly kind: string; readonly input: unknown }
  | { readonly type: 'reply'; readonly call: number; readonly value?: unknown; readonly error?: SerializedError };

export type FromThread =
  | { readonly type: 'ready' }
  | { readonly type: 'call'; readonly call: number; readonly method: string; readonly args: readonly unknown[] }
  | { readonly type: 'done'; readonly id: number; readonly value?: unknown; readonly error?: SerializedError };

export interface SerializedError {
  readonly message: string;
  readonly domain?: Pick<DomainError, 'code' | 'errors' | 'details'>;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DomainError) return { message: error.message, domain: { code: error.code, errors: error.errors, details: error.details } };
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** A domain error comes back as the same domain error; anything else as a plain Error (a bug, not the author's doing). */
export function reviveError(error: SerializedError): Error {
  if (error.domain) return new DomainError(error.domain.code, error.message, error.domain.errors, error.domain.details);
  return new Error(error.message);
}

/** Structured clone turns a Buffer into a plain Uint8Array; this makes it a Buffer again without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
