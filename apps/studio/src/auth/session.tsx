import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, apiKeyStore } from '../api/client';
import { ProblemError, unwrap } from '../api/problem';
import type { SessionView, User } from '../api/views';

/** Roles an API key may hold; with a key the studio cannot tell which, so it offers everything and the platform decides. */
const ALL_ROLES = ['admin', 'author', 'marketer', 'reviewer', 'billing'];

interface Session {
  /** undefined while the studio asks who is signed in; null when nobody is. */
  readonly user: User | null | undefined;
  login(email: string, password: string): Promise<void>;
  loginWithKey(key: string): Promise<void>;
  adopt(session: SessionView): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

async function whoAmI(): Promise<User | null> {
  if (apiKeyStore.get()) {
    await unwrap(api.GET('/v1/templates'));
    return { id: 'api-key', email: 'API key', name: 'API key', roles: ALL_ROLES };
  }
  try {
    return (await unwrap<SessionView>(api.GET('/v1/session'))).user;
  } catch (error) {
    if (error instanceof ProblemError && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    whoAmI().then(setUser, () => setUser(null));
  }, []);
  const login = useCallback(async (email: string, password: string) => {
    apiKeyStore.clear();
    const session = await unwrap<SessionView>(api.POST('/v1/session', { body: { email, password } }));
    setUser(session.user);
  }, []);
  const loginWithKey = useCallback(async (key: string) => {
    apiKeyStore.set(key);
    try {
      setUser(await whoAmI());
    } catch (error) {
      apiKeyStore.clear();
      throw error;
    }
  }, []);
  const logout = useCallback(async () => {
    if (apiKeyStore.get()) apiKeyStore.clear();
    else await unwrap(api.DELETE('/v1/session')).catch(() => undefined);
    setUser(null);
  }, []);
  const adopt = useCallback((session: SessionView) => setUser(session.user), []);
  const value = useMemo(() => ({ user, login, loginWithKey, logout, adopt }), [user, login, loginWithKey, logout, adopt]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function hasRole(user: User | null | undefined, ...roles: string[]): boolean {
  return !!user && roles.some((role) => user.roles.includes(role));
}
