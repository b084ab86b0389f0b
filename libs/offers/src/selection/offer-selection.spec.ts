import { eligibilityContext } from '../eligibility/eligibility-context';
import type { OfferContent } from '../offer-content';
import { armFor } from './ab-arm';
import { selectOffer } from './offer-selection';

const NOW = new Date('2026-11-10T12:00:00Z');

function offer(over: Partial<OfferContent> = {}): OfferContent {
  return {
    kind: 'invoice',
    texts: { en: { title: 't', body: 'b', ctaLabel: 'c' }, ar: { title: 't', body: 'b', ctaLabel: 'c' }, zh: { title: 't', body: 'b', ctaLabel: 'c' } },
    cta: { type: 'ask' },
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    priority: 1,
    frequencyCap: 2,
    slots: ['after-totals'],
    channels: { email: { mjml: '<mj-text>{{title}}</mj-text>' }, pdf: { html: '<p>{{title}}</p>' } },
    eligibility: true,
    ...over,
  };
}

const facts = (over: Partial<Parameters<typeof selectOffer>[1]> = {}) => ({
  consent: { consented: true, reason: 'marketing consent on record' },
  templateSlots: ['after-totals'],
  now: NOW,
  eligibility: eligibilityContext({ recipient: { customerId: 'C-1', name: 'J' }, data: {}, locale: 'en', type: 'invoice' }, NOW),
  shownLast30Days: new Map<string, number>(),
  ...over,
});

describe('selectOffer', () => {
  it('chooses the highest priority among the eligible, then the lowest key, whatever the order given', () => {
    const candidates = [
      { key: 'b', version: 1, content: offer({ priority: 5 }) },
      { key: 'a', version: 2, content: offer({ priority: 5 }) },
      { key: 'c', version: 1, content: offer({ priority: 1 }) },
    ];
    expect(selectOffer(candidates, facts()).chosen).toMatchObject({ key: 'a', version: 2, slot: 'after-totals' });
    expect(selectOffer([...candidates].reverse(), facts()).chosen).toMatchObject({ key: 'a' });
    expect(selectOffer(candidates, facts()).evaluations.find((e) => e.key === 'b')!.reasons).toContain('✗ outranked by a (priority 5 over 5)');
  });

  it('chooses nothing without consent, outside the window, without a declared slot, or past the cap, and says why', () => {
    const one = [{ key: 'a', version: 1, content: offer() }];
    const reasons = (f: ReturnType<typeof facts>, content = one) => selectOffer(content, f).evaluations[0].reasons.join(' | ');
    expect(selectOffer(one, facts({ consent: { consented: false, reason: 'no marketing consent on record' } })).chosen).toBeNull();
    expect(reasons(facts({ consent: { consented: false, reason: 'no marketing consent on record' } }))).toContain('✗ no marketing consent on record');
    expect(reasons(facts({ templateSlots: [] }))).toContain('✗ the template declares none of its slots (after-totals)');
    expect(reasons(facts({ shownLast30Days: new Map([['a', 2]]) }))).toContain('✗ frequency cap reached: shown 2 of 2 times in 30 days');
    expect(reasons(facts(), [{ key: 'a', version: 1, content: offer({ validUntil: '2026-06-01T00:00:00Z' }) }])).toContain('✗ expired at 2026-06-01T00:00:00Z');
    expect(reasons(facts(), [{ key: 'a', version: 1, content: offer({ validFrom: '2027-01-01T00:00:00Z', validUntil: '2028-01-01T00:00:00Z' }) }])).toContain('✗ not valid before');
  });

  it('draws the A/B arm from the customer and the offer alone, in proportion to the weights', () => {
    const split = offer({ abSplit: { arms: [{ name: 'a', weight: 30 }, { name: 'b', weight: 70 }] } });
    expect(armFor(split, 'C-1', 'x')).toBe(armFor(split, 'C-1', 'x'));
    const arms = Array.from({ length: 2000 }, (_, i) => armFor(split, `C-${i}`, 'x'));
    const share = arms.filter((arm) => arm === 'a').length / arms.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(armFor(offer(), 'C-1', 'x')).toBe('control');
  });
});
