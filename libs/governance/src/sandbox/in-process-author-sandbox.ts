import type { ComposedOutput, ComposeOptions, MessageComposer } from '@app/composer';
import type { Channel, PinnedVersion, TemplateContent } from '@app/contracts';
import type { MergeContext } from '@app/templating';
import type { LintFinding } from '../lint/lint-finding';
import { staticLintFindings } from '../lint/static-lint';
import { AuthorSandbox } from './author-sandbox';

/** The same work on the calling thread, with no budget: for unit tests, where the content is the test's own. */
export class InProcessAuthorSandbox extends AuthorSandbox {
  constructor(private readonly composer: MessageComposer) {
    super();
  }

  staticLint(content: TemplateContent): Promise<LintFinding[]> {
    return Promise.resolve().then(() => staticLintFindings(content));
  }

  compose(version: PinnedVersion, context: MergeContext, channel: Channel, options?: ComposeOptions): Promise<ComposedOutput> {
    return this.composer.compose(version, context, channel, options);
  }
}
