import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

type Decision = 'approve' | 'reject' | 'publish';

interface ReviewDecisionProps {
  readonly titleId: string;
  readonly status: string;
  /** The reader authored the version: four-eyes hides the approve button (the server refuses anyway). */
  readonly ownVersion: boolean;
  readonly comment: string;
  readonly onCommentChange: (comment: string) => void;
  readonly onDecide: (decision: Decision) => () => void;
  /** What follows the buttons: the outcome of the last decision, or why there is nothing to decide. */
  readonly children?: ReactNode;
}

/** A reviewer's decision on a version in review, and publishing it once approved: templates and offers alike. */
export function ReviewDecision({ titleId, status, ownVersion, comment, onCommentChange, onDecide, children }: ReviewDecisionProps) {
  const { t } = useI18n();
  return (
    <section className="decision" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('review.decision')}</h2>
      {status === 'in_review' ? (
        ownVersion ? (
          <p className="muted">{t('review.ownVersion')}</p>
        ) : (
          <>
            <label className="stack">
              {t('review.comment')}
              <textarea value={comment} onChange={(e) => onCommentChange(e.target.value)} rows={2} />
            </label>
            <div className="actions">
              <button type="button" className="primary" onClick={onDecide('approve')}>
                {t('review.approve')}
              </button>
              <button type="button" className="danger" onClick={onDecide('reject')} disabled={!comment.trim()}>
                {t('review.reject')}
              </button>
            </div>
          </>
        )
      ) : null}
      {status === 'approved' ? (
        <button type="button" className="primary" onClick={onDecide('publish')}>
          {t('review.publish')}
        </button>
      ) : null}
      {children}
    </section>
  );
}
