import { Injectable } from '@nestjs/common';
import { LruCache } from '@app/kernel';
import type { Channel } from '@app/rendering';
import { blockSources, expandBlocks, MergeEngine, MergeTemplate, MessageCatalog, PinnedVersion } from '@app/templating';

const CACHE_CAPACITY = 2_000;

/**
 * Compiled merge templates and message catalogs, each built once per template
 * version (by content hash), never per message. The content hash covers the
 * locked blocks a version carries, so a compiled template never outlives the
 * blocks it was compiled with.
 */
@Injectable()
export class CompiledTemplates {
  private readonly templates = new LruCache<string, MergeTemplate>(CACHE_CAPACITY);
  private readonly catalogs = new LruCache<string, MessageCatalog>(CACHE_CAPACITY);
  private readonly mjml = new LruCache<string, string>(CACHE_CAPACITY);

  constructor(private readonly engine: MergeEngine) {}

  /**
   * `variant` distinguishes sources derived per direction or language (precompiled MJML).
   * `{{> name}}` takes the version's block source of the part's format: HTML where
   * output is escaped (PDF), text elsewhere; email MJML has its blocks expanded before it compiles.
   */
  template(version: PinnedVersion, channel: Channel, part: string, variant: string, source: () => string, escape: 'html' | 'none'): MergeTemplate {
    return cached(this.templates, `${version.contentHash}:${channel}:${part}:${variant}`, () =>
      this.engine.compile(source(), { escape, partials: blockSources(version.content, escape === 'html' ? 'html' : 'text') }),
    );
  }

  /** The email's MJML with its blocks in place: MJML has to see them before it compiles. */
  emailMjml(version: PinnedVersion, mjml: string): string {
    return cached(this.mjml, version.contentHash, () => expandBlocks(version.content, mjml, 'mjml'));
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
