import { Injectable } from '@nestjs/common';
import type { Channel } from '@app/rendering';
import { MergeEngine, MergeTemplate, MessageCatalog, PinnedVersion } from '@app/templating';
import { BoundedCache } from './bounded-cache';

const CACHE_CAPACITY = 2_000;

/**
 * Compiled merge templates and message catalogs, each built once per template
 * version (by content hash), never per message.
 */
@Injectable()
export class CompiledTemplates {
  private readonly templates = new BoundedCache<MergeTemplate>(CACHE_CAPACITY);
  private readonly catalogs = new BoundedCache<MessageCatalog>(CACHE_CAPACITY);

  constructor(private readonly engine: MergeEngine) {}

  /** `variant` distinguishes sources derived per direction or language (precompiled MJML). */
  template(version: PinnedVersion, channel: Channel, part: string, variant: string, source: () => string, escape: 'html' | 'none'): MergeTemplate {
    return this.templates.getOrCreate(`${version.contentHash}:${channel}:${part}:${variant}`, () =>
      this.engine.compile(source(), { escape }),
    );
  }

  catalog(version: PinnedVersion, language: string): MessageCatalog {
    return this.catalogs.getOrCreate(`${version.contentHash}:${language}`, () =>
      MessageCatalog.fromContent(version.content, language),
    );
  }
}
