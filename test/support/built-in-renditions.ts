import * as path from 'node:path';
import { ActionLinkFormat } from '../../libs/actions/src';
import { InMemoryAssetStore } from '../../libs/assets/src';
import { AssetInliner } from '../../libs/composer/src/asset-inliner';
import { CompiledTemplates } from '../../libs/composer/src/compiled-templates';
import { EmailComposer } from '../../libs/composer/src/email.composer';
import { MessageComposer } from '../../libs/composer/src/message-composer';
import { PdfComposer } from '../../libs/composer/src/pdf.composer';
import { EmailCompiler, PdfEngine, type PdfRenderOptions, type PdfResult } from '../../libs/rendering/src';
import { LOCALE_TAGS, loadSampleDocuments, type Language, type SampleDocument } from './fixtures';
import { contentHash, type PinnedVersion } from '../../libs/contracts/src';
import { loadBuiltInAssets, loadBuiltInTemplates } from '../../libs/template-store/src';
import { MergeEngine, type MergeContext } from '../../libs/templating/src';

const REPO_ROOT = path.resolve(__dirname, '../..');
const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');
const PUBLIC_URL = 'https://ccm.northwind.example';

export interface EmailRendition {
  readonly html: string;
}

export interface PdfRendition {
  readonly bytes: Buffer;
  /** What the PDF engine was given, so the same document can be inspected in a browser. */
  readonly html: string;
  readonly options: PdfRenderOptions;
}

/** Hands the engine's input back to the caller beside the PDF. */
class RecordingPdfEngine extends PdfEngine {
  input?: { html: string; options: PdfRenderOptions };

  constructor(private readonly inner: PdfEngine) {
    super();
  }

  render(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    this.input = { html, options };
    return this.inner.render(html, options);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The production composers over the templates in `templates/` and the shared sample
 * documents: the same merge, MJML compilation and PDF engine a real document goes
 * through, without Nest, a database or a queue (the built-in assets are held in memory).
 */
export class BuiltInRenditions {
  private readonly compiled = new CompiledTemplates(new MergeEngine());
  private readonly email: EmailComposer;
  private readonly contexts = new MessageComposer([]);
  private readonly links = new ActionLinkFormat({ publicUrl: PUBLIC_URL, signingSecret: 'glyph-check-signing-secret-0123456789' });

  private constructor(
    readonly versions: ReadonlyMap<string, PinnedVersion>,
    readonly samples: readonly SampleDocument[],
    private readonly pdfEngine: PdfEngine,
    private readonly assets: AssetInliner,
  ) {
    this.email = new EmailComposer(this.compiled, new EmailCompiler(), assets);
  }

  static async load(pdfEngine: PdfEngine): Promise<BuiltInRenditions> {
    const assets = new AssetInliner(await InMemoryAssetStore.of(await loadBuiltInAssets(TEMPLATES_DIR)));
    const templates = await loadBuiltInTemplates(TEMPLATES_DIR, { publicUrl: PUBLIC_URL });
    const versions = new Map(templates.map(({ key, content }) => [key, { key, number: 1, contentHash: contentHash(content), content }]));
    const samples = loadSampleDocuments();
    return new BuiltInRenditions(versions, samples, pdfEngine, assets);
  }

  /**
   * The sample of that kind written for that tag or language, so names and plans are
   * in that script too; else the English one. Either way it is rendered under the tag.
   */
  sampleFor(type: string, language: Language): SampleDocument {
    const ofType = this.samples.filter((sample) => sample.type === type);
    if (ofType.length === 0) throw new Error(`no sample document of type "${type}"`);
    const languageOf = (sample: SampleDocument) => sample.locale.split('-')[0];
    return (
      ofType.find((sample) => sample.locale === LOCALE_TAGS[language]) ??
      ofType.find((sample) => languageOf(sample) === language) ??
      ofType.find((sample) => sample.locale === LOCALE_TAGS.en) ??
      ofType[0]
    );
  }

  context(key: string, sample: SampleDocument, localeTag: string): Promise<MergeContext> {
    const id = `00000000-0000-4000-8000-${String(this.samples.indexOf(sample) + 1).padStart(12, '0')}`;
    return this.contexts.context({
      content: this.version(key).content,
      localeTag,
      document: { id, type: sample.type, externalRef: sample.externalRef },
      recipient: sample.recipient,
      data: sample.data,
      actions: this.links.sample(id),
    });
  }

  async renderEmail(key: string, context: MergeContext): Promise<EmailRendition> {
    const output = await this.email.compose(this.version(key), context);
    return { html: output.body.toString('utf8') };
  }

  async renderPdf(key: string, context: MergeContext): Promise<PdfRendition> {
    const recorder = new RecordingPdfEngine(this.pdfEngine);
    const output = await new PdfComposer(this.compiled, recorder, this.assets).compose(this.version(key), context);
    return { bytes: output.body, html: recorder.input!.html, options: recorder.input!.options };
  }

  private version(key: string): PinnedVersion {
    const version = this.versions.get(key);
    if (!version) throw new Error(`no built-in template "${key}"`);
    return version;
  }
}
