import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { ListedUser } from '../api/views';
import { useI18n } from '../i18n/i18n';

const ROLES = ['admin', 'author', 'marketer', 'reviewer', 'billing'] as const;
type Role = (typeof ROLES)[number];

export function UsersPage() {
  const { t } = useI18n();
  const [users, setUsers] = useState<ListedUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['author']);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);

  const load = useCallback(() => {
    unwrap<{ items: ListedUser[] }>(api.GET('/v1/users')).then((page) => setUsers(page.items), (e) => setError(describeProblem(e)));
  }, []);
  useEffect(load, [load]);

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const answer = await unwrap<{ inviteUrl: string }>(api.POST('/v1/invitations', { body: { email, name, roles } }));
      setInviteUrl(answer.inviteUrl);
      load();
    } catch (failure) {
      setError(describeProblem(failure));
    }
  };
  const toggle = (role: Role) => setRoles((current) => (current.includes(role) ? current.filter((r) => r !== role) : [...current, role]));

  return (
    <>
      <h1>{t('users.title')}</h1>
      <form onSubmit={invite} className="stack narrow">
        <h2>{t('users.invite')}</h2>
        <label>
          {t('login.email')}
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('invite.name')}
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('users.roles')}</legend>
          {ROLES.map((role) => (
            <label key={role} className="inline">
              <input type="checkbox" checked={roles.includes(role)} onChange={() => toggle(role)} /> {role}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t('users.send')}
        </button>
      </form>
      {inviteUrl ? (
        <p role="status" className="ok">
          {t('users.link')} <code data-testid="invite-url">{inviteUrl}</code>
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('login.email')}</th>
            <th scope="col">{t('invite.name')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.state')}</th>
          </tr>
        </thead>
        <tbody>
          {(users ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>{u.name}</td>
              <td>{u.roles.join(', ')}</td>
              <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
