import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { LruCache } from '@app/kernel';
import { type Channel, PinnedVersion } from '@app/contracts';
import { blockSources, expandBlocks, MergeEngine, MergeTemplate, MessageCatalog } from '@app/templating';

const CACHE_CAPACITY = 2_000;

/**
 * Compiled merge templates and message catalogs, each built once per template
 * version (by content hash), never per message. The content hash covers the
 * locked blocks a version carries, so a compiled template never outlives the
 * blocks it was compiled with.
 *
 * Behind the per-version entries sits a cache by source: a new version (or an
 * unsaved edit in the studio's live preview) recompiles only the parts whose
 * source actually changed, not every channel of the template.
 */
@Injectable()
export class CompiledTemplates {
  private readonly templates = new LruCache<string, MergeTemplate>(CACHE_CAPACITY);
  private readonly catalogs = new LruCache<string, MessageCatalog>(CACHE_CAPACITY);
  private readonly bySource = new LruCache<string, MergeTemplate>(CACHE_CAPACITY);
  private readonly mjml = new LruCache<string, ExpandedMjml>(CACHE_CAPACITY);

  constructor(private readonly engine: MergeEngine) {}

  /**
   * `variant` distinguishes sources derived per direction or language (precompiled MJML).
   * `{{> name}}` takes the version's block source of the part's format: HTML where
   * output is escaped (PDF), text elsewhere; email MJML has its blocks expanded before it compiles.
   */
  template(version: PinnedVersion, channel: Channel, part: string, variant: string, source: () => string, escape: 'html' | 'none'): MergeTemplate {
    return this.templates.getOrCreate(`${version.contentHash}:${channel}:${part}:${variant}`, () => {
      const text = source();
      const partials = blockSources(version.content, escape === 'html' ? 'html' : 'text');
      const key = sha256(JSON.stringify([escape, partials, text]));
      return this.bySource.getOrCreate(key, () => this.engine.compile(text, { escape, partials }));
    });
  }

  /** The email's MJML with its blocks in place: MJML has to see them before it compiles. */
  emailMjml(version: PinnedVersion, mjml: string): string {
    return this.expandedMjml(version, mjml).source;
  }

  /** A key for the expanded MJML that changes only when the MJML itself does, for the MJML compile cache. */
  emailMjmlKey(version: PinnedVersion, mjml: string): string {
    return this.expandedMjml(version, mjml).key;
  }

  private expandedMjml(version: PinnedVersion, mjml: string): ExpandedMjml {
    return this.mjml.getOrCreate(version.contentHash, () => {
      const source = expandBlocks(version.content, mjml, 'mjml');
      return { source, key: sha256(source) };
    });
  }

  catalog(version: PinnedVersion, language: string): MessageCatalog {
    return this.catalogs.getOrCreate(`${version.contentHash}:${language}`, () => MessageCatalog.fromContent(version.content, language));
  }
}

interface ExpandedMjml {
  readonly source: string;
  readonly key: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
