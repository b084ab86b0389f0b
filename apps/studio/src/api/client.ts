import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const API_KEY_STORAGE = 'ccm.studio.apiKey';

/** The CSRF token the platform set beside the session cookie; unsafe requests must echo it. */
export function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((entry) => entry.startsWith('ccm_csrf='));
  return match ? decodeURIComponent(match.slice('ccm_csrf='.length)) : undefined;
}

/**
 * An API key kept for this tab only, for operators who sign in with a key
 * instead of a password; people normally use the session cookie.
 */
export const apiKeyStore = {
  get: (): string | null => sessionStorage.getItem(API_KEY_STORAGE),
  set: (key: string): void => sessionStorage.setItem(API_KEY_STORAGE, key),
  clear: (): void => sessionStorage.removeItem(API_KEY_STORAGE),
};

const credentials: Middleware = {
  onRequest({ request }) {
    const key = apiKeyStore.get();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    const token = csrfToken();
    if (token && UNSAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', token);
    return request;
  },
};

/** Every call the studio makes, typed by the platform's own OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(credentials);
