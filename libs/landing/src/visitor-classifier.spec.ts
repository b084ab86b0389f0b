import { VisitorClassifier } from './visitor-classifier';

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const person = { method: 'GET' as const, userAgent: BROWSER, acceptLanguage: 'en-GB,en;q=0.9', hasCookie: false, clientAddress: '203.0.113.7' };

describe('VisitorClassifier', () => {
  it('counts a browser as a person, and a HEAD, a scanner agent or no Accept-Language as a scanner', () => {
    const classifier = new VisitorClassifier();
    expect(classifier.classify('link-1', person)).toBe('person');
    expect(classifier.classify('link-2', { ...person, method: 'HEAD' })).toBe('scanner');
    for (const agent of [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'WhatsApp/2.23.20.0',
      'curl/8.5.0',
      'python-requests/2.32.3',
    ]) {
      expect(classifier.classify('link-3', { ...person, userAgent: agent })).toBe('scanner');
    }
    expect(classifier.classify('link-4', { ...person, acceptLanguage: undefined })).toBe('scanner');
  });

  it('counts a second cookieless visit to the same link from the same client as a scanner, never one with the cookie', () => {
    const classifier = new VisitorClassifier();
    expect(classifier.classify('link-1', person)).toBe('person');
    expect(classifier.classify('link-1', person)).toBe('scanner');
    expect(classifier.classify('link-1', { ...person, hasCookie: true })).toBe('person');
    expect(classifier.classify('link-1', { ...person, clientAddress: '198.51.100.9' })).toBe('person');
    expect(classifier.classify('link-2', person)).toBe('person');
  });
});
