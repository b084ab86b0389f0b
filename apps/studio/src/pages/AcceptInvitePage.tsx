import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { SessionView } from '../api/views';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router';

export function AcceptInvitePage({ token }: { token: string }) {
  const { t } = useI18n();
  const { adopt } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);

  const accept = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      adopt(await unwrap<SessionView>(api.POST('/v1/invitations/accept', { body: { token, name, password, ...(email.trim() ? { email: email.trim() } : {}) } })));
      navigate('/', { replace: true });
    } catch (failure) {
      setError(describeProblem(failure));
    }
  };

  if (!token) return <p role="alert">{t('invite.noToken')}</p>;
  return (
    <div className="narrow">
      <h1>{t('invite.title')}</h1>
      <form onSubmit={accept} className="stack">
        <label>
          {t('invite.name')}
          <input autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('invite.password')}
          <input type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="password-rule" />
        </label>
        <p id="password-rule" className="muted small">
          {t('invite.passwordRule')}
        </p>
        <details>
          <summary>{t('invite.firstAdmin')}</summary>
          <label className="stack">
            {t('invite.email')}
            <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="email-rule" />
          </label>
          <p id="email-rule" className="muted small">
            {t('invite.emailRule')}
          </p>
        </details>
        <button type="submit" className="primary">
          {t('invite.submit')}
        </button>
      </form>
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
