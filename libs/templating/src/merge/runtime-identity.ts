import type { InlineAssets } from '@app/contracts';
import type { MessageCatalog } from '../message-catalog';

/**
 * One object per catalog, locale tag and asset set: everything a template's
 * fixed parts (its labels and data URIs) can depend on. Merges that share it
 * share those parts, so they are computed and encoded once, not per document.
 * Held weakly by catalog and assets, so a retired version takes its entries with it.
 */
export type RuntimeIdentity = object;

const NO_ASSETS = {};
/** Locale tags one catalog keeps identities for; starting over only costs recomputing labels. */
export const MAX_TAGS_PER_CATALOG = 64;
const identities = new WeakMap<MessageCatalog, Map<string, WeakMap<object, RuntimeIdentity>>>();

export function runtimeIdentity(catalog: MessageCatalog, localeTag: string, assets: InlineAssets | undefined): RuntimeIdentity {
  let byTag = identities.get(catalog);
  if (!byTag) {
    byTag = new Map();
    identities.set(catalog, byTag);
  }
  let byAssets = byTag.get(localeTag);
  if (!byAssets) {
    // Documents choose their tags (`en-US`, `en-GB`, …): bounded, so hostile tags cannot pile up tables.
    if (byTag.size >= MAX_TAGS_PER_CATALOG) byTag.clear();
    byAssets = new WeakMap();
    byTag.set(localeTag, byAssets);
  }
  const assetsKey = assets ?? NO_ASSETS;
  let identity = byAssets.get(assetsKey);
  if (!identity) {
    identity = {};
    byAssets.set(assetsKey, identity);
  }
  return identity;
}
