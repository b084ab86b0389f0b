import { InMemoryAssetStore } from '@app/assets';
import { captureAsset, type PinnedVersion, type TemplateContent } from '@app/contracts';
import { AssetInliner } from './asset-inliner';

const LOGO = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>');
const FONT = Buffer.from('wOF2 font bytes');

function version(assets: TemplateContent['assets'], contentHash = 'a'.repeat(64)): PinnedVersion {
  return { key: 'invoice', number: 2, contentHash, content: { assets } as TemplateContent };
}

/** Counts reads, to show what the inliner keeps. */
class CountingStore extends InMemoryAssetStore {
  reads = 0;

  override content(sha256: string): Promise<Buffer | null> {
    this.reads++;
    return super.content(sha256);
  }
}

describe('AssetInliner', () => {
  let store: CountingStore;
  let inliner: AssetInliner;

  beforeEach(async () => {
    store = new CountingStore();
    await store.add({ name: 'logo', contentType: 'image/svg+xml', bytes: LOGO, createdBy: 'k' });
    await store.add({ name: 'brand-font', contentType: 'font/woff2', bytes: FONT, createdBy: 'k' });
    inliner = new AssetInliner(store);
  });

  it('gives each captured asset as a data URI, reading its bytes once however many documents render', async () => {
    const pinned = version({ logo: captureAsset('image/svg+xml', LOGO), 'brand-font': captureAsset('font/woff2', FONT) });
    const [first, second] = await Promise.all([inliner.forVersion(pinned), inliner.forVersion(pinned)]);
    expect(first).toBe(second);
    expect(first.get('logo')).toBe(`data:image/svg+xml;base64,${LOGO.toString('base64')}`);
    expect(first.get('brand-font')).toBe(`data:font/woff2;base64,${FONT.toString('base64')}`);
    await inliner.forVersion(version({ logo: captureAsset('image/svg+xml', LOGO) }, 'b'.repeat(64)));
    expect(store.reads).toBe(2);
  });

  it('inlines the bytes a version pinned, not the latest upload of the name', async () => {
    const pinned = version({ logo: captureAsset('image/svg+xml', LOGO) });
    await store.add({ name: 'logo', contentType: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), createdBy: 'k' });
    expect((await inliner.forVersion(pinned)).get('logo')).toContain(LOGO.toString('base64'));
  });

  it('refuses an asset missing from the store, or bytes that do not match the pinned hash, and tries again next time', async () => {
    const missing = version({ logo: { sha256: 'f'.repeat(64), contentType: 'image/svg+xml', size: 10 } });
    await expect(inliner.forVersion(missing)).rejects.toMatchObject({ code: 'template_invalid', message: expect.stringMatching(/not in the asset store/) });
    await expect(inliner.forVersion(missing)).rejects.toMatchObject({ code: 'template_invalid' });
    expect(store.reads).toBe(2);

    const tampered = new AssetInliner({ content: async () => Buffer.from('other bytes') } as unknown as InMemoryAssetStore);
    await expect(tampered.forVersion(version({ logo: captureAsset('image/svg+xml', LOGO) }))).rejects.toMatchObject({
      code: 'template_invalid',
      message: expect.stringMatching(/does not match the hash/),
    });
  });

  it('resolves nothing for a version without assets', async () => {
    expect((await inliner.forVersion(version(undefined))).size).toBe(0);
    expect(store.reads).toBe(0);
  });
});
