import { GMAIL_CLIP_BYTES } from '@app/rendering';
import { type CapturedAsset, dataUriLength, type TemplateContent } from '@app/contracts';
import { LintFinding, lintError, lintWarning } from './lint-finding';
import type { AnalyzedSource } from './source-rules';

/**
 * Inlined assets past which a reviewer is warned: every email carries them in
 * its HTML, and a quarter of what Gmail shows before clipping is already a lot
 * to spend on pictures.
 */
export const EMAIL_ASSETS_WARN_BYTES = Math.round(GMAIL_CLIP_BYTES / 4);

/**
 * Every `{{asset "name"}}` has an asset the version captured (an error at the
 * use: saving the version captures uploads, so an unsaved edit may name one
 * that does not exist), the assets an email inlines, counted per use as each
 * use is one more copy, stay small next to Gmail's clipping size, and none of
 * them is an SVG image, which Gmail and Outlook do not show in email (not even
 * as the inline `cid:` part the message carries it as). The PDF may use SVG.
 */
export function assetRules(content: TemplateContent, sources: readonly AnalyzedSource[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const captured = content.assets ?? {};
  for (const source of sources) {
    for (const use of source.facts.assets) {
      if (Object.hasOwn(captured, use.name)) continue;
      findings.push(
        lintError('asset-missing', source.pointer, `{{asset "${use.name}"}} at line ${use.line}, column ${use.column} names no uploaded asset; upload a brand asset "${use.name}", then save the version`, {
          line: use.line,
          column: use.column,
        }),
      );
    }
  }
  const email = sources.find((source) => source.pointer === '/channels/email/mjml');
  if (email) {
    const uses = [email.facts, ...email.included].flatMap((facts) => facts.assets).filter((use) => Object.hasOwn(captured, use.name));
    const bytes = uses.reduce((sum, use) => sum + dataUriLength(captured[use.name] as CapturedAsset), 0);
    if (bytes > EMAIL_ASSETS_WARN_BYTES) {
      const names = [...new Set(uses.map((use) => `"${use.name}"`))].join(', ');
      findings.push(
        lintWarning(
          'email-asset-size',
          email.pointer,
          `the email inlines ${kb(bytes)} of assets (${names}) into every message; Gmail clips HTML past ${kb(GMAIL_CLIP_BYTES)}, hiding the pay button: use a smaller logo and keep fonts to the PDF`,
        ),
      );
    }
    const svg = [...new Set(uses.filter((use) => captured[use.name].contentType === 'image/svg+xml').map((use) => `"${use.name}"`))];
    if (svg.length > 0) {
      findings.push(
        lintWarning(
          'email-svg-image',
          email.pointer,
          `the email inlines the SVG image${svg.length > 1 ? 's' : ''} ${svg.join(', ')}; Gmail and Outlook do not show SVG images in email: upload a PNG (or JPEG/GIF) for the email`,
        ),
      );
    }
  }
  return findings;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
