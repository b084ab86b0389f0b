/**
 * User agents of link scanners and previewers: mail security gateways that
 * open every link on delivery, chat apps that fetch a preview, crawlers and
 * HTTP libraries. One list for every link a message carries (pay and ask
 * pages, offer clicks), so people are counted alike everywhere. Kept short on
 * purpose; each page adds the other signals it has (HEAD, cookies, languages).
 */
const SCANNER_AGENTS = new RegExp(
  [
    'safelinks', 'bingpreview', 'bingbot', // Microsoft Defender for Office 365 Safe Links, Bing previews
    'proofpoint', 'urldefense', 'mimecast', 'barracuda', // mail security gateways
    'google-safety', 'googlesafebrowsing', 'google-inspectiontool', 'googleimageproxy', 'ggpht', // Google's link checks and image proxy
    'slackbot', 'facebookexternalhit', 'whatsapp', 'telegrambot', 'skypeuripreview', 'discordbot', // chat previews
    'microsoft office', 'ms-office', 'outlook-ios', // mail clients fetching links ahead of the reader
    'bot', 'crawler', 'spider', 'slurp', 'preview', 'scanner', // crawlers and anything calling itself one
    'curl/', 'wget/', 'python-requests', 'python-urllib', 'go-http-client', 'okhttp', 'libwww-perl', 'java/', // libraries
  ]
    .map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'i',
);

export function isLinkScannerAgent(userAgent: string | null | undefined): boolean {
  return !!userAgent && SCANNER_AGENTS.test(userAgent);
}
