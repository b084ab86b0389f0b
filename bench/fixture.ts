import * as path from 'node:path';
import { ActionLinkFormat } from '@app/actions';
import { InMemoryAssetStore } from '@app/assets';
import { contentHash, type InlineAssets, type PinnedVersion } from '@app/contracts';
import { loadBuiltInAssets, loadBuiltInTemplates } from '@app/template-store';
import { type MergeContext } from '@app/templating';
import { AssetInliner } from '../libs/composer/src/asset-inliner';
import { MessageComposer } from '../libs/composer/src/message-composer';
import type { BenchDocument } from './invoice-data';

/** Resolved from the compiled file in dist/bench, so the bench runs from any working directory. */
export const TEMPLATES_DIR = path.resolve(__dirname, '../../templates');

const PUBLIC_URL = 'https://ccm.northwind.example';
/** Links only need to look real; nothing is ever verified against this secret. */
const BENCH_SIGNING_SECRET = 'bench-signing-secret-not-used-anywhere-else-0123456789';

const links = new ActionLinkFormat({ publicUrl: PUBLIC_URL, signingSecret: BENCH_SIGNING_SECRET });
/** Only its `context` is used: the same merge context the platform builds for a document. */
const contexts = new MessageComposer([]);

/** The built-in brand assets, read as a worker reads them from its store (here one in memory). */
let assets: { readonly inliner: AssetInliner; readonly uris: InlineAssets } | undefined;

/** The built-in invoice as the platform pins it: version 1 of the files in templates/, its assets loaded. */
export async function builtInInvoice(): Promise<PinnedVersion> {
  const loaded = (await loadBuiltInTemplates(TEMPLATES_DIR, { publicUrl: PUBLIC_URL })).find((template) => template.key === 'invoice');
  if (!loaded) throw new Error(`no built-in invoice template in ${TEMPLATES_DIR}`);
  const version = { key: loaded.key, number: 1, contentHash: contentHash(loaded.content), content: loaded.content };
  const inliner = new AssetInliner(await InMemoryAssetStore.of(await loadBuiltInAssets(TEMPLATES_DIR)));
  assets = { inliner, uris: await inliner.forVersion(version) };
  return version;
}

/** The inliner every composer of the bench shares, and the invoice's data URIs for paths that merge by hand. */
export function benchAssets(): { readonly inliner: AssetInliner; readonly uris: InlineAssets } {
  if (!assets) throw new Error('load the invoice with builtInInvoice() first');
  return assets;
}

export function mergeContext(version: PinnedVersion, document: BenchDocument): Promise<MergeContext> {
  return contexts.context({
    content: version.content,
    localeTag: document.locale,
    document: { id: document.id, type: document.type, externalRef: document.externalRef },
    recipient: document.recipient,
    data: document.data,
    actions: links.sample(document.id),
  });
}
