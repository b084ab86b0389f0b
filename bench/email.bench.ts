import { convert } from 'html-to-text';
import mjml2html from 'mjml';
import { applyLayout, describeEmail, EmailCompiler } from '@app/rendering';
import { type PinnedVersion } from '@app/contracts';
import { MergeEngine, withEmailLineBudget, type MergeContext } from '@app/templating';
import { CompiledTemplates } from '../libs/composer/src/compiled-templates';
import { EmailComposer } from '../libs/composer/src/email.composer';
import { benchAssets, mergeContext } from './fixture';
import type { BenchDocument } from './invoice-data';
import { interleave, measureSequential, round, roundBudget, type Budget, type Rounds } from './timing';

/** The options the platform compiles with, so both paths produce the same HTML. */
const MJML_OPTIONS = { keepComments: false, beautify: false, minify: false, ignoreIncludes: true, validationLevel: 'soft' } as const;
/** What a straightforward implementation would ask html-to-text for: plain text wrapped for mail clients. */
const HTML_TO_TEXT_OPTIONS = { wordwrap: 78 } as const;

/** Per round; rounds of both paths alternate (see `interleave`). */
const HEADLINE = {
  rounds: 5,
  platform: { warmup: 300, minMs: 800, minOps: 500, maxMs: 1_500, maxOps: 200_000 },
  naive: { warmup: 20, minMs: 1_200, minOps: 30, maxMs: 2_500, maxOps: 20_000 },
} as const satisfies { rounds: number; platform: Budget; naive: Budget };
const STAGE_BUDGET: Budget = { warmup: 200, minMs: 400, minOps: 300, maxMs: 800, maxOps: 1_000_000 };
const VARIANT = {
  rounds: 3,
  platform: { warmup: 200, minMs: 500, minOps: 300, maxMs: 1_000, maxOps: 200_000 },
  naive: { warmup: 10, minMs: 800, minOps: 20, maxMs: 1_500, maxOps: 20_000 },
} as const satisfies { rounds: number; platform: Budget; naive: Budget };

interface EmailMessage {
  subject: string;
  html: string;
  text: string;
}

/**
 * The naive path: merge the data into the MJML source, compile the merged MJML for every
 * message and derive the text part from the HTML. Its merge templates and message
 * catalogs are still compiled once, so the comparison isolates exactly what the platform
 * avoids per message: the MJML compilation and the HTML-to-text pass.
 */
class NaiveEmailRenderer {
  /** The platform's own template cache, used here only for merge templates and catalogs, not for MJML. */
  private readonly compiled = new CompiledTemplates(new MergeEngine());
  readonly stageMs = { merge: 0, mjml: 0, text: 0 };

  constructor(private readonly version: PinnedVersion) {}

  async render(documentContext: MergeContext): Promise<EmailMessage> {
    const email = this.version.content.channels.email!;
    const { dir, language } = documentContext.locale;
    const env = { catalog: this.compiled.catalog(this.version, language), channel: 'email' as const, assets: benchAssets().uris };
    let stage = process.hrtime.bigint();
    const lap = (key: keyof NaiveEmailRenderer['stageMs']) => {
      const now = process.hrtime.bigint();
      this.stageMs[key] += Number(now - stage) / 1e6;
      stage = now;
    };
    // The same lines the composer shows, so both paths write the same email.
    const context = withEmailLineBudget(documentContext, this.version.content);
    const source = () => applyLayout(this.compiled.emailMjml(this.version, email.mjml), { dir, lang: language });
    const mjml = this.compiled.template(this.version, 'email', 'mjml-source', `${dir}:${language}`, source, 'html')(context, env);
    const subject = this.compiled.template(this.version, 'email', 'subject', '', () => email.subject, 'none')(context, env);
    lap('merge');
    const { html } = await mjml2html(mjml, MJML_OPTIONS);
    lap('mjml');
    const text = convert(html, HTML_TO_TEXT_OPTIONS);
    lap('text');
    // Both paths end with what the platform hands on: the body's bytes and its size facts.
    describeEmail({ subject, html, text, htmlBytes: Buffer.from(html, 'utf8').length });
    return { subject, html, text };
  }
}

export interface EmailPairResult {
  readonly documents: number;
  readonly lines: number;
  readonly locales: string[];
  readonly platform: Rounds;
  readonly naive: Rounds;
  readonly ratio: number;
  readonly naiveStagesMsPerMessage: { merge: number; mjml: number; text: number };
}

/** Milliseconds per message of each step of the platform's path. */
export interface EmailStages {
  readonly html: number;
  readonly text: number;
  readonly subject: number;
  /** Size and deliverability facts, the HTML's size known from its bytes. */
  readonly facts: number;
  /** The same facts counting the size of the HTML as a string. */
  readonly facts_counting_html: number;
}

export interface EmailCheck {
  /** The platform's HTML and the naive path's HTML for the same message, byte for byte. */
  readonly htmlIdentical: boolean;
  /** The same, with runs of whitespace between tags collapsed (a `~` in the template strips them on one path only). */
  readonly htmlIdenticalIgnoringWhitespace: boolean;
  /** The text a reader sees in both HTML bodies (html-to-text of each), compared. */
  readonly visibleTextIdentical: boolean;
  readonly htmlBytes: number;
  readonly platformTextBytes: number;
  readonly naiveTextBytes: number;
}

function collapseWhitespace(html: string): string {
  return html.replace(/>\s+</g, '><').replace(/\s+/g, ' ');
}

/** Email: the platform's composer against the naive path, one message after another on one thread. */
export class EmailBench {
  private readonly composer = new EmailComposer(new CompiledTemplates(new MergeEngine()), new EmailCompiler(), benchAssets().inliner);
  private readonly naive: NaiveEmailRenderer;

  constructor(private readonly version: PinnedVersion) {
    this.naive = new NaiveEmailRenderer(version);
  }

  async platform(context: MergeContext): Promise<EmailMessage> {
    const output = await this.composer.compose(this.version, context);
    return { subject: String(output.metadata.subject), html: output.body.toString('utf8'), text: output.altBody ?? '' };
  }

  /**
   * Both paths must produce the same email, or the ratio compares different work. The
   * HTML should match byte for byte; at the very least a reader must see the same text.
   */
  async check(document: BenchDocument): Promise<EmailCheck> {
    const context = await mergeContext(this.version, document);
    const platform = await this.platform(context);
    const naive = await this.naive.render(context);
    const visible = (html: string) => convert(html, HTML_TO_TEXT_OPTIONS);
    const check: EmailCheck = {
      htmlIdentical: platform.html === naive.html,
      htmlIdenticalIgnoringWhitespace: collapseWhitespace(platform.html) === collapseWhitespace(naive.html),
      visibleTextIdentical: visible(platform.html) === visible(naive.html),
      htmlBytes: Buffer.byteLength(platform.html),
      platformTextBytes: Buffer.byteLength(platform.text),
      naiveTextBytes: Buffer.byteLength(naive.text),
    };
    if (!check.visibleTextIdentical) throw new Error(`email paths disagree for ${document.externalRef}: the comparison would not be honest`);
    if (platform.subject !== naive.subject) throw new Error(`email subjects differ for ${document.externalRef}`);
    for (const fact of [document.data.invoice.number, context.actions.payUrl]) {
      if (!platform.text.includes(fact) || !naive.text.includes(fact)) throw new Error(`a text part lacks "${fact}"`);
    }
    return check;
  }

  /**
   * Where the platform's time per message goes, each step timed alone in a tight loop,
   * and what the size facts would cost if the HTML had to be counted afresh.
   */
  async stages(documents: BenchDocument[]): Promise<EmailStages> {
    const contexts = (await Promise.all(documents.map((document) => mergeContext(this.version, document)))).map((context) => withEmailLineBudget(context, this.version.content));
    const email = this.version.content.channels.email!;
    const { dir, language } = contexts[0].locale;
    const compiled = new CompiledTemplates(new MergeEngine());
    const precompiled = await new EmailCompiler().precompile(compiled.emailMjml(this.version, email.mjml), { dir, lang: language });
    const env = { catalog: compiled.catalog(this.version, language), channel: 'email' as const, assets: benchAssets().uris };
    const html = (context: MergeContext) => compiled.template(this.version, 'email', 'html', `${dir}:${language}`, () => precompiled, 'html').bytes(context, env);
    const text = (context: MergeContext) => compiled.template(this.version, 'email', 'text', '', () => email.text, 'none')(context, env);
    const subject = (context: MergeContext) => compiled.template(this.version, 'email', 'subject', '', () => email.subject, 'none')(context, env);
    const sample = html(contexts[0]);
    const sampleHtml = sample.toString('utf8');
    const time = async (operation: (context: MergeContext) => unknown) =>
      round((await measureSequential(STAGE_BUDGET, (i) => operation(contexts[i % contexts.length]))).meanMs);
    return {
      html: await time(html),
      text: await time(text),
      subject: await time(subject),
      facts: await time(() => describeEmail({ subject: '', text: '', htmlBytes: sample.length })),
      facts_counting_html: await time(() => describeEmail({ subject: '', html: sampleHtml, text: '' })),
    };
  }

  async pair(documents: BenchDocument[], kind: 'headline' | 'variant'): Promise<EmailPairResult> {
    const plan = kind === 'headline' ? HEADLINE : VARIANT;
    // Contexts are built up front: the billing system's data arrives parsed, and both paths get the same objects.
    const contexts = await Promise.all(documents.map((document) => mergeContext(this.version, document)));
    const stages = this.naive.stageMs;
    stages.merge = stages.mjml = stages.text = 0;
    const measured = await interleave(plan.rounds, {
      platform: (r) => measureSequential(roundBudget(plan.platform, r), (i) => this.composer.compose(this.version, contexts[i % contexts.length])),
      naive: (r) => measureSequential(roundBudget(plan.naive, r), (i) => this.naive.render(contexts[i % contexts.length])),
    });
    const rendered = measured.naive.operations + plan.naive.warmup;
    return {
      documents: documents.length,
      lines: documents[0].data.invoice.lines.length,
      locales: [...new Set(documents.map((document) => document.locale))],
      platform: measured.platform,
      naive: measured.naive,
      ratio: measured.platform.perSecond / measured.naive.perSecond,
      naiveStagesMsPerMessage: { merge: round(stages.merge / rendered), mjml: round(stages.mjml / rendered), text: round(stages.text / rendered) },
    };
  }
}
