import type { EligibilityContext } from '../eligibility/eligibility-context';
import { explainEligibility } from '../eligibility/explain-eligibility';
import { slotsOf, type OfferContent } from '../offer-content';

export interface OfferCandidate {
  readonly key: string;
  readonly version: number;
  readonly content: OfferContent;
}

export interface SelectionFacts {
  readonly consent: { readonly consented: boolean; readonly reason: string };
  /** The slots the template declares, in its order. */
  readonly templateSlots: readonly string[];
  readonly now: Date;
  readonly eligibility: EligibilityContext;
  /** Messages with each offer the recipient got in the last 30 days, by offer key. */
  readonly shownLast30Days: ReadonlyMap<string, number>;
}

/** Why one offer was or was not chosen, in words a reviewer reads. */
export interface OfferEvaluation {
  readonly key: string;
  readonly version: number;
  readonly chosen: boolean;
  readonly reasons: readonly string[];
}

export interface OfferSelection {
  readonly chosen: { readonly key: string; readonly version: number; readonly slot: string; readonly content: OfferContent } | null;
  readonly evaluations: readonly OfferEvaluation[];
}

/**
 * Chooses at most one offer for one message: among the published offers that
 * pass every rule — marketing consent, validity window, a slot the template
 * declares, eligibility, the 30-day frequency cap — the highest priority, then
 * the lowest key, so the same facts always give the same offer.
 */
export function selectOffer(candidates: readonly OfferCandidate[], facts: SelectionFacts): OfferSelection {
  const passing: Array<{ candidate: OfferCandidate; slot: string }> = [];
  const reasons = new Map<string, string[]>();
  for (const candidate of candidates) {
    const { content } = candidate;
    const why: string[] = [`version ${candidate.version} is published`];
    reasons.set(candidate.key, why);
    let ok = true;
    if (!facts.consent.consented) {
      why.push(`✗ ${facts.consent.reason}`);
      ok = false;
    } else {
      why.push(`✓ ${facts.consent.reason}`);
    }
    const from = Date.parse(content.validFrom);
    const until = Date.parse(content.validUntil);
    const now = facts.now.getTime();
    if (now < from) {
      why.push(`✗ not valid before ${content.validFrom}`);
      ok = false;
    } else if (now >= until) {
      why.push(`✗ expired at ${content.validUntil}`);
      ok = false;
    } else {
      why.push(`✓ valid until ${content.validUntil}`);
    }
    const slot = slotsOf(content).find((name) => facts.templateSlots.includes(name));
    if (!slot) {
      why.push(`✗ the template declares none of its slots (${slotsOf(content).join(', ')})`);
      ok = false;
    } else {
      why.push(`✓ fills slot ${slot}`);
    }
    const explanation = explainEligibility(content.eligibility, facts.eligibility);
    why.push(`${explanation.eligible ? '✓' : '✗'} eligibility: ${explanation.summary}`);
    if (!explanation.eligible) ok = false;
    const shown = facts.shownLast30Days.get(candidate.key) ?? 0;
    if (shown >= content.frequencyCap) {
      why.push(`✗ frequency cap reached: shown ${shown} of ${content.frequencyCap} times in 30 days`);
      ok = false;
    } else {
      why.push(`✓ shown ${shown} of ${content.frequencyCap} times in 30 days`);
    }
    if (ok && slot) passing.push({ candidate, slot });
  }
  passing.sort((a, b) => b.candidate.content.priority - a.candidate.content.priority || a.candidate.key.localeCompare(b.candidate.key));
  const winner = passing[0];
  for (const { candidate } of passing.slice(1)) {
    reasons.get(candidate.key)!.push(`✗ outranked by ${winner.candidate.key} (priority ${winner.candidate.content.priority} over ${candidate.content.priority})`);
  }
  if (winner) reasons.get(winner.candidate.key)!.push(`chosen: highest priority (${winner.candidate.content.priority}) among ${passing.length} eligible`);
  return {
    chosen: winner ? { key: winner.candidate.key, version: winner.candidate.version, slot: winner.slot, content: winner.candidate.content } : null,
    evaluations: candidates.map((c) => ({ key: c.key, version: c.version, chosen: c.key === winner?.candidate.key, reasons: reasons.get(c.key)! })),
  };
}
