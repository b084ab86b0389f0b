import type { paths as generated } from './schema';

/**
 * The sessions, invitations and users routes as agreed with the platform, for
 * as long as the generated schema lacks them: `Omit` drops each entry as soon as
 * `npm run studio:api` brings the platform's own description of it.
 */
interface JsonBody<T> {
  content: { 'application/json': T };
}
interface Answer {
  headers: { [name: string]: unknown };
  content?: never;
}
interface Answers {
  responses: { 200: Answer; 201: Answer; 204: Answer; 401: Answer; 403: Answer; 422: Answer; 429: Answer };
}
interface Read extends Answers {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody?: never;
}
interface Write<Body> extends Answers {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody: JsonBody<Body>;
}
interface PathOperations {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
}

interface PeoplePaths {
  '/v1/session': PathOperations & {
    get: Read;
    post: Write<{ email: string; password: string }>;
    delete: Read;
  };
  '/v1/invitations': PathOperations & { post: Write<{ email: string; name: string; roles: string[] }> };
  '/v1/invitations/accept': PathOperations & { post: Write<{ token: string; name: string; password: string }> };
  '/v1/users': PathOperations & { get: Read };
}

export type StudioPaths = generated & Omit<PeoplePaths, keyof generated>;
