import type { SampleOffersService } from '@app/offers';
import { ActionLinkFormat } from '@app/actions';
import { InMemoryAssetStore } from '@app/assets';
import { ChannelComposer, ComposedOutput, ComposeOptions, MessageComposer } from '@app/composer';
import { ComplianceLinter, GetTemplateUseCase, GetTemplateVersionUseCase, InProcessAuthorSandbox } from '@app/governance';
import { type Channel, PinnedVersion, TemplateContent } from '@app/contracts';
import { BlockRepository } from '@app/template-store';
import { PopplerPdfRasterizer } from '@app/rendering';
import { DataContractValidator, MergeContext } from '@app/templating';
import { PDF_PREVIEW_DEADLINE_MS, PDF_PREVIEW_TIMEOUT_MS, PREVIEW_DOCUMENT_ID, PreviewTemplateUseCase } from './preview-template.use-case';

/** A channel composer that records the options it was given and answers with a greeting: at once, after `delayMs`, or never. */
class FakeComposer extends ChannelComposer {
  readonly calls: ComposeOptions[] = [];

  constructor(
    readonly channel: Channel,
    private readonly hang = false,
    private readonly delayMs = 0,
  ) {
    super();
  }

  compose(version: PinnedVersion, context: MergeContext, options: ComposeOptions = {}): Promise<ComposedOutput> {
    this.calls.push(options);
    if (this.hang) return new Promise(() => undefined);
    const text = `Hello ${context.recipient.name} ${context.actions.payUrl}`;
    const answer = (output: ComposedOutput) => new Promise<ComposedOutput>((resolve) => setTimeout(() => resolve(output), this.delayMs));
    return answer({
      channel: this.channel,
      contentType: 'text/html',
      body: Buffer.from(`<p>${text}</p>`),
      altBody: text,
      metadata: { subject: 'Notice', htmlBytes: text.length + 7, textBytes: text.length, clipped: false, warnings: [] },
    });
  }
}

const CONTENT: TemplateContent = {
  kind: 'notice',
  name: 'Notice',
  locales: ['en'],
  defaultLocale: 'en',
  defaultChannels: ['email'],
  dataContract: { type: 'object', required: ['amount'], properties: { amount: { type: 'string' } } },
  channels: {
    email: { subject: 'Notice', mjml: '<mjml><mj-body><mj-text>{{amount}}</mj-text></mj-body></mjml>', text: '{{amount}}' },
    pdf: { html: '<p>{{amount}}</p>' },
  },
  messages: { en: {} },
  samples: { 'en-us': { locale: 'en-US', recipient: { customerId: 'C-1', name: 'Jordan' }, data: { amount: '1.00' } } },
};

/** No published offers: what this unit's previews choose from (the offers e2e covers the real catalog). */
const NO_OFFERS = { forSample: async () => ({ offers: [], context: {} }) } as unknown as SampleOffersService;

describe('PreviewTemplateUseCase', () => {
  const links = new ActionLinkFormat({ publicUrl: 'https://billing.example.test', signingSecret: 's'.repeat(40) });
  let email: FakeComposer;
  let pdf: FakeComposer;
  let useCase: PreviewTemplateUseCase;

  beforeEach(() => {
    email = new FakeComposer('email');
    pdf = new FakeComposer('pdf', true);
    const composer = new MessageComposer([email, pdf]);
    const contracts = new DataContractValidator();
    const links = new ActionLinkFormat({ publicUrl: 'https://billing.example.test', signingSecret: 's'.repeat(40) });
    const templates = {} as GetTemplateUseCase;
    const versions = {} as GetTemplateVersionUseCase;
    const blocks = { published: async () => ({}) } as unknown as BlockRepository;
    const sandbox = new InProcessAuthorSandbox(composer);
    useCase = new PreviewTemplateUseCase(composer, templates, versions, new ComplianceLinter(composer, contracts, links, sandbox), contracts, blocks, new InMemoryAssetStore(), links, sandbox, new PopplerPdfRasterizer(), NO_OFFERS);
  });
  afterEach(() => jest.useRealTimers());

  it('answers with the other channels and an error for a PDF the engine never finishes', async () => {
    jest.useFakeTimers();
    const previewing = useCase.execute({ content: CONTENT });
    await jest.advanceTimersByTimeAsync(PDF_PREVIEW_DEADLINE_MS + 1_000);
    const result = await previewing;
    expect(result.channels.pdf).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/did not finish/), errors: [] } });
    expect(result.channels.email).toMatchObject({ text: expect.stringContaining('Hello Jordan') });
    expect(pdf.calls).toEqual([{ reportLimits: true, pdfTimeoutMs: PDF_PREVIEW_TIMEOUT_MS }]);
  });

  it('waits for a PDF that queued for a page longer than its render budget', async () => {
    jest.useFakeTimers();
    const queued = new FakeComposer('pdf', false, PDF_PREVIEW_TIMEOUT_MS + 20_000);
    const composer = new MessageComposer([email, queued]);
    const contracts = new DataContractValidator();
    const blocks = { published: async () => ({}) } as unknown as BlockRepository;
    const sandbox = new InProcessAuthorSandbox(composer);
    const slowPdf = new PreviewTemplateUseCase(composer, {} as GetTemplateUseCase, {} as GetTemplateVersionUseCase, new ComplianceLinter(composer, contracts, links, sandbox), contracts, blocks, new InMemoryAssetStore(), links, sandbox, new PopplerPdfRasterizer(), NO_OFFERS);
    const previewing = slowPdf.execute({ content: CONTENT });
    await jest.advanceTimersByTimeAsync(PDF_PREVIEW_TIMEOUT_MS + 20_000);
    const result = await previewing;
    expect((result.channels.pdf as { error?: unknown }).error).toBeUndefined();
  });

  it('renders with links to no document, and lints the unsaved content', async () => {
    const result = await useCase.execute({ content: CONTENT, channels: ['email'] });
    expect(result.channels.email).toMatchObject({ text: expect.stringContaining(links.sample(PREVIEW_DOCUMENT_ID).payUrl) });
    expect(result).toMatchObject({ template: { key: 'notice', version: null, status: 'unsaved' }, sample: 'en-us', lint: expect.any(Array) });
    expect(email.calls).toEqual([{ reportLimits: true, pdfTimeoutMs: PDF_PREVIEW_TIMEOUT_MS }]);
  });

  it('points into the unsaved content at sample data that breaks the contract', async () => {
    const content = { ...CONTENT, samples: { broken: { ...CONTENT.samples!['en-us'], data: { amount: 1 } } } };
    await expect(useCase.execute({ content, channels: ['email'] })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ pointer: '/content/samples/broken/data/amount' })],
    });
  });

  it('refuses a channel the content does not have, pointing at it', async () => {
    await expect(useCase.execute({ content: CONTENT, channels: ['email', 'sms'] })).rejects.toMatchObject({
      errors: [{ pointer: '/channels/1', message: expect.stringMatching(/no sms/) }],
    });
  });
});
