import { deliveriesToSend, SEND_CHUNK_SIZE, sendJobsFor } from './delivery-queues';

describe('send jobs', () => {
  const ids = (count: number) => Array.from({ length: count }, (_, index) => `delivery-${index}`);

  it('queues deliveries in chunks of SEND_CHUNK_SIZE, each delivery in exactly one job', () => {
    const jobs = sendJobsFor(ids(2 * SEND_CHUNK_SIZE + 3));
    expect(jobs.map((job) => deliveriesToSend(job)!.length)).toEqual([SEND_CHUNK_SIZE, SEND_CHUNK_SIZE, 3]);
    expect(jobs.flatMap((job) => deliveriesToSend(job)!)).toEqual(ids(2 * SEND_CHUNK_SIZE + 3));
  });

  it('queues a lone delivery as a job of its own, as a retry or a fallback is', () => {
    expect(sendJobsFor(['only'])).toEqual([{ deliveryId: 'only' }]);
    expect(sendJobsFor(ids(SEND_CHUNK_SIZE + 1)).at(-1)).toEqual({ deliveryId: `delivery-${SEND_CHUNK_SIZE}` });
    expect(sendJobsFor([])).toEqual([]);
  });

  it('reads both shapes of job, and nothing from a payload that names no delivery', () => {
    expect(deliveriesToSend({ deliveryId: 'a' })).toEqual(['a']);
    expect(deliveriesToSend({ deliveryIds: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(deliveriesToSend(undefined)).toBeUndefined();
    expect(deliveriesToSend({ deliveryIds: ['a', 7] } as never)).toBeUndefined();
    expect(deliveriesToSend({ deliveryId: 7 } as never)).toBeUndefined();
  });
});
