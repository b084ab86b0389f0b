import { Injectable } from '@nestjs/common';
import { ActionLinkFormat } from '@app/actions';
import { MessageComposer } from '@app/composer';
import { DomainError } from '@app/kernel';
import { Channel, contentHash, PinnedVersion, TemplateContent } from '@app/contracts';
import { EmailCompiler } from '@app/rendering';
import { DataContractValidator, expandBlocks, resolveLocale, unsupportedPatterns } from '@app/templating';
import { SampleDataSet } from '../samples/sample-data-set';
import { AuthorSandbox, isSandboxOverrun } from '../sandbox/author-sandbox';
import { whatsAppButtonBaseRules } from './channel-rules';
import { LintFinding, lintError, lintWarning } from './lint-finding';
import { positionIn } from './source-rules';

/** Channels the composer renders without a browser; PDF layout is checked by its own pipeline. */
const RENDERED_CHANNELS: readonly Channel[] = ['email', 'sms', 'whatsapp'];
/** Fixed, so sample action links have the length real ones have. */
const SAMPLE_DOCUMENT_ID = '00000000-0000-4000-8000-000000000000';

export interface LintInput {
  readonly key: string;
  readonly number: number;
  readonly content: TemplateContent;
  readonly samples: readonly SampleDataSet[];
}

/**
 * Compliance lint, run on submit: static rules per kind and per channel, then
 * the version rendered with every sample data set so limits that depend on the
 * data (SMS segments, WhatsApp lengths, email clipping) are checked with the
 * largest real messages. Findings point at the content (JSON pointer, and the
 * line and column inside a source when there is one). Parsing and rendering
 * the author's sources run in the author sandbox, on its time budget.
 */
@Injectable()
export class ComplianceLinter {
  private readonly emails = new EmailCompiler({ cacheSize: 64 });

  constructor(
    private readonly composer: MessageComposer,
    private readonly contracts: DataContractValidator,
    private readonly links: ActionLinkFormat,
    private readonly sandbox: AuthorSandbox,
  ) {}

  async lint(input: LintInput): Promise<LintFinding[]> {
    const { content } = input;
    const findings = await this.staticLint(content);
    const patterns = unsupportedPatterns(content.dataContract, '/dataContract');
    findings.push(...patterns.map((problem) => lintError('data-contract-pattern', problem.pointer, problem.message)));
    try {
      if (patterns.length === 0) this.contracts.check(contentHash(content), content.dataContract);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      findings.push(lintError('data-contract', '/dataContract', error.message));
    }
    findings.push(...(await this.mjmlRules(content)));
    // Rendering a version whose sources do not even parse would only repeat those errors.
    if (!findings.some((finding) => finding.severity === 'error')) findings.push(...(await this.renderRules(input)));
    return findings;
  }

  /** The content-only rules run in the author sandbox; the button base is cheap and needs the platform's links. */
  async staticLint(content: TemplateContent): Promise<LintFinding[]> {
    return [...(await this.sandbox.staticLint(content)), ...whatsAppButtonBaseRules(content, this.links)];
  }

  private async mjmlRules(content: TemplateContent): Promise<LintFinding[]> {
    const email = content.channels.email;
    if (!email) return [];
    let mjml: string;
    try {
      // MJML is validated as it compiles: with the locked blocks in place.
      mjml = expandBlocks(content, email.mjml, 'mjml');
    } catch (error) {
      if (error instanceof DomainError) return [];
      throw error;
    }
    const layouts = new Map<string, { dir: 'ltr' | 'rtl'; lang: string }>();
    for (const language of content.locales) {
      const { dir } = resolveLocale(language, content);
      layouts.set(dir, { dir, lang: language });
    }
    const findings: LintFinding[] = [];
    const seen = new Set<string>();
    for (const layout of layouts.values()) {
      for (const problem of await this.emails.validateMjml(mjml, layout)) {
        const key = `${problem.line}:${problem.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(lintError('email-mjml', '/channels/email/mjml', `${problem.message} (line ${problem.line})`, problem.line ? { line: problem.line } : {}));
      }
    }
    return findings;
  }

  private async renderRules({ key, number, content, samples }: LintInput): Promise<LintFinding[]> {
    const findings: LintFinding[] = [];
    const hash = contentHash(content);
    const version: PinnedVersion = { key, number, contentHash: hash, content };
    let contractProblem = false;
    for (const sample of samples) {
      const invalid = this.sampleProblems(hash, content, sample);
      if (invalid) {
        findings.push(lintWarning('sample-data', '/dataContract', `sample "${sample.name}" does not match the data contract: ${invalid}`, { sample: sample.name }));
        contractProblem = true;
        continue;
      }
      const context = await this.composer.context({
        content,
        localeTag: sample.locale,
        document: { id: SAMPLE_DOCUMENT_ID, type: key },
        recipient: sample.recipient,
        data: sample.data,
        actions: this.links.sample(SAMPLE_DOCUMENT_ID),
      });
      for (const channel of RENDERED_CHANNELS) {
        if (!content.channels[channel]) continue;
        try {
          const output = await this.sandbox.compose(version, context, channel);
          if (channel === 'email' && output.metadata.clipped === true) {
            findings.push(this.sampleFinding(sample, 'email-clipping', '/channels/email/mjml', `with sample "${sample.name}": ${(output.metadata.warnings as string[])[0]}`));
          }
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          // Whatever the sample: a message that takes seconds to merge would take them for every document.
          if (isSandboxOverrun(error)) {
            findings.push(lintError('render-budget', `/channels/${channel}`, `with sample "${sample.name}": ${error.message}`, { sample: sample.name }));
            continue;
          }
          const pointer = error.errors[0]?.pointer?.startsWith('/channels/') ? error.errors[0].pointer : `/channels/${channel}`;
          const rule = channel === 'sms' && error.code === 'limit_exceeded' ? 'sms-budget' : channel === 'whatsapp' && error.code === 'limit_exceeded' ? 'whatsapp-limit' : 'sample-render';
          findings.push(this.sampleFinding(sample, rule, smsTextPointer(channel, pointer), `with sample "${sample.name}": ${error.message}`, positionIn(error.message)));
        }
      }
    }
    if (samples.length === 0 || (contractProblem && findings.every((f) => f.rule === 'sample-data'))) {
      findings.push(lintWarning('sample-data', '/dataContract', 'the version has no samples: data-dependent limits (SMS segments, WhatsApp lengths, email size) were not checked'));
    }
    return findings;
  }

  /** Edge cases push limits on purpose: what they break is the reviewer's call, not a block. */
  private sampleFinding(sample: SampleDataSet, rule: string, pointer: string, message: string, at: Partial<LintFinding> = {}): LintFinding {
    return (sample.edgeCase ? lintWarning : lintError)(rule, pointer, message, { ...at, sample: sample.name });
  }

  private sampleProblems(hash: string, content: TemplateContent, sample: SampleDataSet): string | null {
    try {
      const errors = this.contracts.validate(hash, content.dataContract, sample.data);
      return errors.length ? errors.map((e) => `${e.pointer} ${e.message}`).slice(0, 3).join('; ') : null;
    } catch (error) {
      if (error instanceof DomainError) return error.message;
      throw error;
    }
  }
}

/** The SMS budget is a property of the text: point there rather than at the channel. */
function smsTextPointer(channel: Channel, pointer: string): string {
  return channel === 'sms' && pointer === '/channels/sms' ? '/channels/sms/text' : pointer;
}
