/** An application/problem+json answer (RFC 9457) as the platform writes it. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly pointer: string; readonly message: string }[];
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** Unwraps an openapi-fetch result: the data, or a ProblemError carrying the server's detail. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = (typeof error === 'object' && error !== null ? error : { title: String(error ?? response.statusText) }) as Problem;
    throw new ProblemError(response.status, problem);
  }
  return data as T;
}

export function describeProblem(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = error.problem.errors?.map((e) => `${e.pointer}: ${e.message}`).join('; ');
    return [error.problem.detail ?? error.problem.title ?? `HTTP ${error.status}`, fields].filter(Boolean).join(' — ');
  }
  return error instanceof Error ? error.message : String(error);
}
