import { hasRole, useSession } from './auth/session';
import { UI_LANGUAGES, useI18n, type UiLanguage } from './i18n/i18n';
import { AcceptInvitePage } from './pages/AcceptInvitePage';
import { DashboardPage } from './pages/DashboardPage';
import { EditorPage } from './pages/EditorPage';
import { LoginPage } from './pages/LoginPage';
import { OfferEditorPage } from './pages/OfferEditorPage';
import { OffersPage } from './pages/OffersPage';
import { OperationsPage } from './pages/OperationsPage';
import { ReviewPage } from './pages/ReviewPage';
import { ReviewQueuePage } from './pages/ReviewQueuePage';
import { TemplatesPage } from './pages/TemplatesPage';
import { UsersPage } from './pages/UsersPage';
import { Link, match, useLocation } from './router';

function Page({ path, query }: { path: string; query: URLSearchParams }) {
  const { t } = useI18n();
  let params: Record<string, string> | null;
  if ((params = match('/templates/:key/versions/:n', path))) return <EditorPage key={path} templateKey={params.key} number={Number(params.n)} />;
  if ((params = match('/reviews/:key/:n', path))) return <ReviewPage key={path} templateKey={params.key} number={Number(params.n)} />;
  if ((params = match('/offers/:key/versions/:n', path))) return <OfferEditorPage key={path} offerKey={params.key} number={Number(params.n)} />;
  if (path === '/offers') return <OffersPage />;
  if (path === '/reviews') return <ReviewQueuePage />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/documents') return <OperationsPage />;
  if (path === '/users') return <UsersPage />;
  if (path === '/' || path === '/templates') return <TemplatesPage />;
  void query;
  return <p>{t('common.notFound')}</p>;
}

function LanguagePicker() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={language} onChange={(e) => setLanguage(e.target.value as UiLanguage)} aria-label={t('nav.language')}>
        {UI_LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App() {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const { path, query } = useLocation();

  const body =
    path === '/accept-invite' ? (
      <AcceptInvitePage token={query.get('token') ?? ''} />
    ) : user === undefined ? (
      <p aria-busy="true">{t('common.loading')}</p>
    ) : user === null ? (
      <LoginPage />
    ) : (
      <Page path={path} query={query} />
    );

  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        {user ? (
          <nav aria-label={t('nav.main')}>
            <ul>
              <li>
                <Link to="/templates">{t('nav.templates')}</Link>
              </li>
              {hasRole(user, 'marketer', 'reviewer', 'admin') ? (
                <li>
                  <Link to="/offers">{t('nav.offers')}</Link>
                </li>
              ) : null}
              {hasRole(user, 'reviewer') ? (
                <li>
                  <Link to="/reviews">{t('nav.reviews')}</Link>
                </li>
              ) : null}
              {hasRole(user, 'billing', 'admin') ? (
                <>
                  <li>
                    <Link to="/documents">{t('nav.operations')}</Link>
                  </li>
                  <li>
                    <Link to="/dashboard">{t('nav.dashboard')}</Link>
                  </li>
                </>
              ) : null}
              {hasRole(user, 'admin') ? (
                <li>
                  <Link to="/users">{t('nav.users')}</Link>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
        <div className="who">
          <LanguagePicker />
          {user ? (
            <>
              <span data-testid="who-am-i">
                {user.name} <span className="muted">({user.roles.join(', ')})</span>
              </span>
              <button type="button" onClick={() => logout()}>
                {t('nav.logout')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main">{body}</main>
    </>
  );
}
