import { type PinnedVersion } from '@app/contracts';
import { MergeEngine, type MergeContext } from '@app/templating';
import type { ChannelComposer } from '../libs/composer/src/channel-composer';
import { CompiledTemplates } from '../libs/composer/src/compiled-templates';
import { interleave, measureSequential, roundBudget, type Budget, type Rounds } from './timing';
import { UncachedTemplates } from './uncached-templates';

const ROUNDS = 3;
/** Per round; rounds of both paths alternate (see `interleave`). */
const PLATFORM_BUDGET: Budget = { warmup: 1_000, minMs: 600, minOps: 2_000, maxMs: 1_200, maxOps: 1_000_000 };
const NAIVE_BUDGET: Budget = { warmup: 50, minMs: 600, minOps: 100, maxMs: 1_200, maxOps: 200_000 };

export interface TextChannelResult {
  readonly platform: Rounds;
  readonly naive: Rounds;
  readonly ratio: number;
  readonly sample: Record<string, unknown>;
}

/**
 * SMS and WhatsApp: the platform's composer (templates and catalogs compiled once per
 * version) against the same composer compiling them for every message.
 */
export async function benchTextChannel(
  version: PinnedVersion,
  contexts: MergeContext[],
  create: (templates: CompiledTemplates) => ChannelComposer,
): Promise<TextChannelResult> {
  const platform = create(new CompiledTemplates(new MergeEngine()));
  const naive = create(new UncachedTemplates(new MergeEngine()));
  const first = await platform.compose(version, contexts[0]);
  const naiveFirst = await naive.compose(version, contexts[0]);
  // Same bytes from both, or the comparison is not of the same work.
  if (!first.body.equals(naiveFirst.body)) throw new Error(`${platform.channel}: the cached and uncached paths disagree`);
  const measured = await interleave(ROUNDS, {
    platform: (r) => measureSequential(roundBudget(PLATFORM_BUDGET, r), (i) => platform.compose(version, contexts[i % contexts.length])),
    naive: (r) => measureSequential(roundBudget(NAIVE_BUDGET, r), (i) => naive.compose(version, contexts[i % contexts.length])),
  });
  return { ...measured, ratio: measured.platform.perSecond / measured.naive.perSecond, sample: first.metadata };
}
