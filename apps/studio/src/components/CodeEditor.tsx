import { html } from '@codemirror/lang-html';
import { json } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, StateEffect, type Extension, type Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

export type SourceLanguage = 'html' | 'json' | 'text';

/** A place in the source a finding points at (1-based, as the platform reports it), or the whole source. */
export interface SourceDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  /** For JSON sources: the property the finding is about, found by name when no line is given. */
  readonly property?: string;
}

interface Props {
  readonly value: string;
  readonly language: SourceLanguage;
  readonly label: string;
  readonly readOnly?: boolean;
  readonly diagnostics: readonly SourceDiagnostic[];
  readonly onChange?: (value: string) => void;
}

function rangeOf(doc: Text, finding: SourceDiagnostic): { from: number; to: number } {
  if (finding.line && finding.line <= doc.lines) {
    const line = doc.line(finding.line);
    const from = Math.min(line.from + Math.max(0, (finding.column ?? 1) - 1), line.to);
    return { from, to: finding.column ? Math.min(line.to, from + 1) || line.to : line.to };
  }
  if (finding.property) {
    const at = doc.toString().indexOf(JSON.stringify(finding.property));
    if (at >= 0) return { from: at, to: at + JSON.stringify(finding.property).length };
  }
  return { from: 0, to: Math.min(doc.line(1).to, doc.length) };
}

/** Dispatched when new findings arrive, so the linter runs again though the document did not change. */
const findingsArrived = StateEffect.define<null>();

const LANGUAGES: Record<SourceLanguage, () => Extension> = { html: () => html(), json: () => json(), text: () => [] };

/**
 * CodeMirror 6 with the platform's lint findings as inline diagnostics. The
 * findings come from the preview calls, so the linter source reads them from a
 * ref and is asked to run again whenever they change.
 */
export function CodeEditor({ value, language, label, readOnly = false, diagnostics, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const findings = useRef(diagnostics);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const state = EditorState.create({
      doc: value,
      extensions: [
        basicSetup,
        LANGUAGES[language](),
        EditorView.lineWrapping,
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        lintGutter(),
        linter(
          (editor): Diagnostic[] =>
            findings.current.map((finding) => ({ ...rangeOf(editor.state.doc, finding), severity: finding.severity, message: finding.message })),
          { delay: 0, needsRefresh: (update) => update.transactions.some((tr) => tr.effects.some((effect) => effect.is(findingsArrived))) },
        ),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) changed.current?.(update.state.doc.toString());
        }),
      ],
    });
    view.current = new EditorView({ state, parent: host.current! });
    return () => view.current?.destroy();
    // The editor owns its document once created; a new source gets a new component (keyed by the caller).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    findings.current = diagnostics;
    view.current?.dispatch({ effects: findingsArrived.of(null) });
  }, [diagnostics]);

  return <div className="code-editor" ref={host} />;
}
