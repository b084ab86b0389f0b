import type { LintFinding } from '../api/views';
import { useI18n } from '../i18n/i18n';

/** Lint findings as a list: errors block submit, warnings go to the reviewer. */
export function FindingsList({ findings }: { findings: readonly LintFinding[] }) {
  const { t } = useI18n();
  return (
    <section className="findings-panel" aria-labelledby="findings-title">
      <h2 id="findings-title">{t('findings.title', { count: findings.length })}</h2>
      {findings.length === 0 ? (
        <p className="ok">{t('findings.none')}</p>
      ) : (
        <ul className="findings" data-testid="findings">
          {findings.map((f, index) => (
            <li key={`${index}-${f.rule}-${f.pointer}`} className={f.severity}>
              <span className="badge">{t(f.severity === 'error' ? 'findings.error' : 'findings.warning')}</span> <code>{f.pointer}</code>
              {f.line ? ` ${t('findings.at', { line: f.line, column: f.column ?? 1 })}` : ''} — {f.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
