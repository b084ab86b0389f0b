import { Injectable } from '@nestjs/common';
import { LruCache } from '@app/kernel';
import type { Channel } from '@app/rendering';
import { MergeEngine, MergeTemplate, MessageCatalog, PinnedVersion } from '@app/templating';

const CACHE_CAPACITY = 2_000;

/**
 * Compiled merge templates and message catalogs, each built once per template
 * version (by content hash), never per message.
 */
@Injectable()
export class CompiledTemplates {
  private readonly templates = new LruCache<string, MergeTemplate>(CACHE_CAPACITY);
  private readonly catalogs = new LruCache<string, MessageCatalog>(CACHE_CAPACITY);

  constructor(private readonly engine: MergeEngine) {}

  /** `variant` distinguishes sources derived per direction or language (precompiled MJML). */
  template(version: PinnedVersion, channel: Channel, part: string, variant: string, source: () => string, escape: 'html' | 'none'): MergeTemplate {
    return cached(this.templates, `${version.contentHash}:${channel}:${part}:${variant}`, () => this.engine.compile(source(), { escape }));
  }

  catalog(version: PinnedVersion, language: string): MessageCatalog {
    return cached(this.catalogs, `${version.contentHash}:${language}`, () => MessageCatalog.fromContent(version.content, language));
  }
}

function cached<V>(cache: LruCache<string, V>, key: string, create: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}
