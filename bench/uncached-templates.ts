import { type Channel, type PinnedVersion } from '@app/contracts';
import { MergeEngine, MessageCatalog, type MergeTemplate } from '@app/templating';
import { CompiledTemplates } from '../libs/composer/src/compiled-templates';

/**
 * The straightforward path the platform's caches replace: every message compiles its
 * templates and parses its ICU messages afresh. Composers given this instead
 * of `CompiledTemplates` do exactly the same work otherwise.
 */
export class UncachedTemplates extends CompiledTemplates {
  constructor(private readonly merge: MergeEngine) {
    super(merge);
  }

  override template(_version: PinnedVersion, _channel: Channel, _part: string, _variant: string, source: () => string, escape: 'html' | 'none'): MergeTemplate {
    return this.merge.compile(source(), { escape });
  }

  override catalog(version: PinnedVersion, language: string): MessageCatalog {
    return MessageCatalog.fromContent(version.content, language);
  }
}
