import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import { hasRole, useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { starterContent, type OfferDetail, type OfferSummary, type OfferVersion } from '../offers/offer-views';
import { Link, navigate } from '../router';

/** The offer's versions, newest first, each with its status and a link to it. */
function LatestVersions({ offerKey }: { offerKey: string }) {
  const { t } = useI18n();
  const [detail, setDetail] = useState<OfferDetail | null>(null);
  useEffect(() => {
    unwrap<OfferDetail>(api.GET('/v1/offers/{key}', { params: { path: { key: offerKey } } } as never)).then(setDetail, () => undefined);
  }, [offerKey]);
  if (!detail) return <span className="muted">{t('common.loading')}</span>;
  const versions = [...detail.versions].sort((a, b) => b.number - a.number);
  if (!versions.length) return <span className="muted">{t('offers.noVersions')}</span>;
  return (
    <ul className="inline-list">
      {versions.map((v) => (
        <li key={v.number}>
          <Link to={`/offers/${offerKey}/versions/${v.number}`}>
            v{v.number} <span className={`status status-${v.status}`}>{t(`status.${v.status}`)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A marketer names a new offer; its first draft starts from a complete example. */
function NewOffer() {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await unwrap(api.POST('/v1/offers', { body: { key, description: description || undefined } }));
      const draft = await unwrap<OfferVersion>(api.POST('/v1/offers/{key}/versions', { params: { path: { key } }, body: starterContent() } as never));
      navigate(`/offers/${key}/versions/${draft.number}`);
    } catch (failure) {
      setError(describeProblem(failure));
    }
  };
  return (
    <form className="search-form" onSubmit={create} aria-labelledby="new-offer-title">
      <h2 id="new-offer-title" className="full-row">
        {t('offers.new')}
      </h2>
      <label>
        {t('offers.key')} <input value={key} onChange={(e) => setKey(e.target.value)} required pattern="[a-z0-9]+(-[a-z0-9]+)*" dir="ltr" />
      </label>
      <label>
        {t('offers.description')} <input value={description} onChange={(e) => setDescription(e.target.value)} dir="auto" />
      </label>
      <button type="submit" className="primary">
        {t('offers.create')}
      </button>
      {error ? (
        <p role="alert" className="channel-error full-row">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The offer catalog: every offer, the version it shows now, and the status of each version. */
export function OffersPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const [offers, setOffers] = useState<OfferSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    unwrap<OfferSummary[]>(api.GET('/v1/offers')).then(setOffers, (e) => setError(describeProblem(e)));
  }, []);
  return (
    <>
      <h1>{t('offers.title')}</h1>
      {hasRole(user, 'marketer') ? <NewOffer /> : null}
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      {!offers ? <p aria-busy="true">{t('common.loading')}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('offers.key')}</th>
            <th scope="col">{t('offers.description')}</th>
            <th scope="col">{t('templates.published')}</th>
            <th scope="col">{t('templates.versions')}</th>
          </tr>
        </thead>
        <tbody>
          {(offers ?? []).map((offer) => (
            <tr key={offer.key}>
              <td>
                <code>{offer.key}</code>
              </td>
              <td>
                <bdi>{offer.description}</bdi>
              </td>
              <td>{offer.publishedVersion ? `v${offer.publishedVersion}` : '—'}</td>
              <td>
                <LatestVersions offerKey={offer.key} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
