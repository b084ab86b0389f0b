import { parseQuestion } from './ask-question.use-case';

describe('parseQuestion', () => {
  it('takes what the ask form can send', () => {
    expect(parseQuestion({ topic: 'line_item', line: '1', message: '  Why so much?\r\nThanks ' }, 3)).toEqual({ topic: 'line_item', lineRef: 1, message: 'Why so much?\nThanks' });
    expect(parseQuestion({ topic: 'other', line: '', message: 'x'.repeat(1000) }, 0)).toMatchObject({ lineRef: null });
  });

  it('refuses what it cannot', () => {
    for (const form of [
      { topic: 'refund', message: 'x' },
      { topic: ['other'], message: 'x' },
      { topic: 'other', message: '   ' },
      { topic: 'other', message: 'x'.repeat(1001) },
      { topic: 'other', line: '3', message: 'x' },
      { topic: 'other', line: '-1', message: 'x' },
      { topic: 'other', line: ['0'], message: 'x' },
    ]) {
      expect(parseQuestion({ line: undefined, ...form }, 3)).toBeNull();
    }
  });
});
