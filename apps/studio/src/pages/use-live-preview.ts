import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { describeProblem, ProblemError, unwrap } from '../api/problem';
import type { LintFinding, PreviewResult, SampleDocument, TemplateContent } from '../api/views';

export type PreviewData = { readonly sample: string; readonly locale?: string } | { readonly custom: SampleDocument };

const DEBOUNCE_MS = 450;

/**
 * Renders unsaved content on every change, after a pause in typing; only the
 * answer to the latest request is kept, so a slow render never overwrites a newer one.
 */
export function useLivePreview(content: TemplateContent | null, data: PreviewData | null) {
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [findings, setFindings] = useState<readonly LintFinding[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    if (!content || !data) return;
    const request = ++latest.current;
    setBusy(true);
    const timer = window.setTimeout(async () => {
      const body = {
        content,
        pdfPageImage: true,
        ...('custom' in data
          ? { locale: data.custom.locale, recipient: data.custom.recipient, data: data.custom.data }
          : { sample: data.sample, ...(data.locale ? { locale: data.locale } : {}) }),
      };
      try {
        const answer = await unwrap<PreviewResult>(api.POST('/v1/previews', { body: body as never }));
        if (request !== latest.current) return;
        setResult(answer);
        setFindings(answer.lint ?? []);
        setError(null);
      } catch (failure) {
        if (request !== latest.current) return;
        setError(describeProblem(failure));
        // Invalid content is a 422 naming each field: show those where they point, as lint errors.
        if (failure instanceof ProblemError && failure.problem.errors) {
          setFindings(failure.problem.errors.map((e) => ({ severity: 'error', rule: 'invalid', pointer: e.pointer.replace(/^\/content/, ''), message: e.message })));
        }
      } finally {
        if (request === latest.current) setBusy(false);
      }
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [content, data]);

  return { result, findings, error, busy };
}
