import { MessageCatalog } from '../message-catalog';
import { MAX_TAGS_PER_CATALOG, runtimeIdentity } from './runtime-identity';

describe('runtimeIdentity', () => {
  const catalog = new MessageCatalog('en', {});
  const assets = new Map([['logo', 'data:image/png;base64,AAAA']]);

  it('is the same object for the same catalog, tag and assets, and another for any difference', () => {
    const identity = runtimeIdentity(catalog, 'en-US', assets);
    expect(runtimeIdentity(catalog, 'en-US', assets)).toBe(identity);
    expect(runtimeIdentity(catalog, 'en-GB', assets)).not.toBe(identity);
    expect(runtimeIdentity(catalog, 'en-US', undefined)).not.toBe(identity);
    expect(runtimeIdentity(new MessageCatalog('en', {}), 'en-US', assets)).not.toBe(identity);
  });

  it('keeps identities for a bounded number of tags per catalog, whatever tags documents send', () => {
    const first = runtimeIdentity(catalog, 'en-AA', assets);
    for (let index = 0; index < MAX_TAGS_PER_CATALOG; index++) runtimeIdentity(catalog, `en-${index}`, assets);
    // Starting over forgets the first tag: what hung off its identity can be collected.
    expect(runtimeIdentity(catalog, 'en-AA', assets)).not.toBe(first);
  });
});
