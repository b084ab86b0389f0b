import { describeEmail } from './describe-email';
import { GMAIL_CLIP_BYTES } from './email.constants';

describe('describeEmail', () => {
  it('measures both parts in bytes as sent (UTF-8)', () => {
    const facts = describeEmail({ subject: 'فاتورة', html: '<p>مرحبا</p>', text: 'مرحبا' });
    expect(facts).toEqual({ htmlBytes: 17, textBytes: 10, clipped: false, warnings: [] });
  });

  it('warns when Gmail would clip the message, and before it gets there', () => {
    const clipped = describeEmail({ subject: 'Invoice', html: 'x'.repeat(GMAIL_CLIP_BYTES + 1), text: 'Invoice' });
    expect(clipped.clipped).toBe(true);
    expect(clipped.warnings).toEqual([expect.stringContaining('Gmail clips')]);

    const close = describeEmail({ subject: 'Invoice', html: 'x'.repeat(GMAIL_CLIP_BYTES - 1), text: 'Invoice' });
    expect(close.clipped).toBe(false);
    expect(close.warnings).toEqual([expect.stringContaining('close to')]);
  });

  it('warns about an empty text part and an empty, multi-line or overlong subject', () => {
    expect(describeEmail({ subject: ' ', html: '<p>x</p>', text: '' }).warnings).toEqual([
      'The text/plain alternative is empty',
      'The subject is empty',
    ]);
    expect(describeEmail({ subject: 'Invoice\r\nBcc: x@example.com', html: 'x', text: 'x' }).warnings).toEqual([
      'The subject contains a line break',
    ]);
    expect(describeEmail({ subject: 'x'.repeat(79), html: 'x', text: 'x' }).warnings).toEqual([expect.stringContaining('78 characters')]);
  });
});
