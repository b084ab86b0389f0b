import { seededRandom } from '../../../../test/support/seeded-random';
import { DeliveryProgress, progressAfter, ProgressReport, ReportedStatus } from './delivery-progress';

const SENT: DeliveryProgress = { status: 'sent', sentAt: new Date('2026-12-01T10:00:00Z'), deliveredAt: null, readAt: null, lastError: null };
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
const report = (status: ReportedStatus, minute: number, errorCode: string | null = null): ProgressReport => ({ provider: 'twilio', status, errorCode, occurredAt: at(minute) });

/** Applies reports one after the other, as the use case does. */
function applyAll(start: DeliveryProgress, reports: ProgressReport[]): DeliveryProgress {
  return reports.reduce((current, next) => progressAfter(current, next) ?? current, start);
}

describe('progressAfter', () => {
  it('moves sent on to delivered, then read, with their times', () => {
    const delivered = progressAfter(SENT, report('delivered', 1))!;
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: at(1), readAt: null, sentAt: SENT.sentAt });
    expect(progressAfter(delivered, report('read', 5))).toMatchObject({ status: 'read', deliveredAt: at(1), readAt: at(5) });
  });

  it('never moves a delivered back to sent, and a repeat changes nothing', () => {
    const delivered = progressAfter(SENT, report('delivered', 1))!;
    expect(progressAfter(delivered, report('sent', 2))).toBeNull();
    expect(progressAfter(delivered, report('delivered', 1))).toBeNull();
    expect(progressAfter(delivered, report('queued', 3))).toBeNull();
  });

  it('takes a read without a delivered as delivered at the same time, and an earlier delivered later', () => {
    const read = progressAfter(SENT, report('read', 5))!;
    expect(read).toMatchObject({ status: 'read', deliveredAt: at(5), readAt: at(5) });
    expect(progressAfter(read, report('delivered', 2))).toMatchObject({ status: 'read', deliveredAt: at(2), readAt: at(5) });
    expect(progressAfter(read, report('delivered', 7))).toBeNull();
  });

  it("fails a delivery that was at most sent, with the provider's error code", () => {
    expect(progressAfter(SENT, report('failed', 1, '30003'))).toMatchObject({ status: 'failed', lastError: 'twilio reported the message failed (error 30003)' });
    expect(progressAfter({ ...SENT, status: 'sending', sentAt: null }, report('failed', 1))).toMatchObject({ status: 'failed', lastError: 'twilio reported the message failed' });
  });

  it('ignores a failure reported after delivered or read, and anything after skipped', () => {
    const delivered = progressAfter(SENT, report('delivered', 1))!;
    expect(progressAfter(delivered, report('failed', 2, '30008'))).toBeNull();
    expect(progressAfter({ ...delivered, status: 'read', readAt: at(2) }, report('failed', 3))).toBeNull();
    expect(progressAfter({ ...SENT, status: 'skipped' }, report('read', 2))).toBeNull();
  });

  it('lets a delivered or read win over a failure that arrived first, but not a mere sent', () => {
    const failed = progressAfter(SENT, report('failed', 3, '30008'))!;
    expect(progressAfter(failed, report('sent', 0))).toBeNull();
    expect(progressAfter(failed, report('sending', 0))).toBeNull();
    expect(progressAfter(failed, report('delivered', 1))).toMatchObject({ status: 'delivered', deliveredAt: at(1), lastError: null });
    expect(progressAfter(failed, report('read', 2))).toMatchObject({ status: 'read', deliveredAt: at(2), readAt: at(2), lastError: null });
  });

  it.each([
    ['read', [report('sending', 0), report('sent', 0), report('delivered', 1), report('read', 4)], { status: 'read', deliveredAt: at(1), readAt: at(4) }],
    ['failed', [report('sent', 0), report('failed', 2, '30003')], { status: 'failed', deliveredAt: null }],
    ['delivered despite a later failure report', [report('sent', 0), report('delivered', 1), report('failed', 2, '30008')], { status: 'delivered', lastError: null }],
  ])('lands on the same state whatever order a lifecycle ending %s arrives in, repeats included', (_, lifecycle, expected) => {
    const inOrder = applyAll(SENT, lifecycle);
    expect(inOrder).toMatchObject(expected);
    const random = seededRandom(20261201);
    for (let run = 0; run < 200; run++) {
      const shuffled = [...lifecycle, ...lifecycle.filter(() => random() < 0.5)].sort(() => random() - 0.5);
      expect(applyAll(SENT, shuffled)).toEqual(inOrder);
    }
  });
});
