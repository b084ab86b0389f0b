import * as path from 'node:path';
import { ActionLinkFormat } from '../../libs/actions/src';
import { InMemoryAssetStore } from '../../libs/assets/src';
import { AssetInliner } from '../../libs/composer/src/asset-inliner';
import { CompiledTemplates } from '../../libs/composer/src/compiled-templates';
import { EmailComposer } from '../../libs/composer/src/email.composer';
import { MessageComposer } from '../../libs/composer/src/message-composer';
import { EmailCompiler } from '../../libs/rendering/src';
import { contentHash, type PinnedVersion, type SampleDocument } from '../../libs/contracts/src';
import { loadBuiltInAssets, loadBuiltInTemplates } from '../../libs/template-store/src';
import { MergeEngine } from '../../libs/templating/src';

const TEMPLATES_DIR = path.resolve(__dirname, '../../templates');

/** The catalog languages every built-in ships, each rendered under the tag of its own sample. */
export const EMAIL_LANGUAGES = ['en', 'ar', 'zh'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];
const FALLBACK_TAGS: Record<EmailLanguage, string> = { en: 'en-US', ar: 'ar-SA', zh: 'zh-CN' };

export interface BuiltInEmail {
  readonly key: string;
  readonly language: EmailLanguage;
  readonly html: string;
  readonly text: string;
}

/**
 * Emails of the built-in templates through the production `EmailComposer` (MJML
 * compiled once, merge, inlined logo), with the samples each template ships in its
 * own folder: no database, no queue, nothing outside the repository.
 */
export class BuiltInEmails {
  private readonly contexts = new MessageComposer([]);
  private readonly links = new ActionLinkFormat({ publicUrl: 'https://ccm.northwind.example', signingSecret: 'built-in-emails-signing-secret-0123456789' });

  private constructor(
    readonly versions: ReadonlyMap<string, PinnedVersion>,
    private readonly composer: EmailComposer,
  ) {}

  static async load(): Promise<BuiltInEmails> {
    const assets = new AssetInliner(await InMemoryAssetStore.of(await loadBuiltInAssets(TEMPLATES_DIR)));
    const templates = await loadBuiltInTemplates(TEMPLATES_DIR, { publicUrl: 'https://billing.example.test' });
    const versions = new Map(templates.map(({ key, content }) => [key, { key, number: 1, contentHash: contentHash(content), content }]));
    return new BuiltInEmails(versions, new EmailComposer(new CompiledTemplates(new MergeEngine()), new EmailCompiler(), assets));
  }

  get keys(): string[] {
    return [...this.versions.keys()].sort();
  }

  /** The template's sample named after the language's usual tag (`en-us`), else its first in that language, else its first rendered under that tag. */
  sample(key: string, language: EmailLanguage): SampleDocument {
    const samples = Object.entries(this.version(key).content.samples ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (samples.length === 0) throw new Error(`built-in template "${key}" has no samples`);
    const own =
      samples.find(([name]) => name === FALLBACK_TAGS[language].toLowerCase()) ?? samples.find(([, sample]) => sample.locale.split('-')[0] === language);
    return own ? own[1] : { ...samples[0][1], locale: FALLBACK_TAGS[language] };
  }

  /** The email of one built-in template in one language; `data` replaces the sample's data (a long invoice, say). */
  async render(key: string, language: EmailLanguage, data?: Record<string, unknown>): Promise<BuiltInEmail> {
    const version = this.version(key);
    const sample = this.sample(key, language);
    const id = '00000000-0000-4000-8000-000000000001';
    const context = await this.contexts.context({
      content: version.content,
      localeTag: sample.locale,
      document: { id, type: key },
      recipient: sample.recipient,
      data: data ?? sample.data,
      actions: this.links.sample(id),
    });
    const output = await this.composer.compose(version, context);
    return { key, language, html: output.body.toString('utf8'), text: output.altBody ?? '' };
  }

  /** Every built-in template in every language. */
  async renderAll(): Promise<BuiltInEmail[]> {
    const emails: BuiltInEmail[] = [];
    for (const key of this.keys) for (const language of EMAIL_LANGUAGES) emails.push(await this.render(key, language));
    return emails;
  }

  version(key: string): PinnedVersion {
    const version = this.versions.get(key);
    if (!version) throw new Error(`no built-in template "${key}"`);
    return version;
  }
}
