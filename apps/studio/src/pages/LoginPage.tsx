import { useState, type FormEvent } from 'react';
import { describeProblem } from '../api/problem';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';

export function LoginPage() {
  const { t } = useI18n();
  const { login, loginWithKey } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (action: () => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(describeProblem(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <h1>{t('login.title')}</h1>
      <form onSubmit={run(() => login(email, password))} className="stack">
        <label>
          {t('login.email')}
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('login.password')}
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      <details className="key-login">
        <summary>{t('login.withKey')}</summary>
        <form onSubmit={run(() => loginWithKey(key))} className="stack">
          <label>
            {t('login.apiKey')}
            <input type="password" autoComplete="off" required value={key} onChange={(e) => setKey(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            {t('login.submitKey')}
          </button>
        </form>
      </details>
    </div>
  );
}
