import { createHash } from 'node:crypto';

export interface InlineImage {
  readonly cid: string;
  readonly contentType: string;
  readonly filename: string;
  readonly content: Buffer;
}

/** What a client shows as an inline image; the extension names the part's file. */
const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

/** An `<img>` start tag; quoted values may hold `>`. Alternatives start with different characters, so matching is linear. */
const IMG_TAG = /<img\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
/** One attribute inside a start tag: name, then an optional double-quoted, single-quoted or unquoted value. */
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const DATA_URI = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/i;

/**
 * The HTML with the `src` of every `<img>` holding a base64 image data URI
 * replaced by `cid:`, and the images to attach, one per distinct content,
 * in order of first use.
 */
export function inlineDataImages(html: string): { html: string; images: InlineImage[] } {
  const images = new Map<string, InlineImage>();
  const rewritten = html.replace(IMG_TAG, (tag) => {
    // Walk the attributes so a `src=` inside another attribute's value is never taken for it.
    ATTRIBUTE.lastIndex = '<img'.length;
    for (let match = ATTRIBUTE.exec(tag); match; match = ATTRIBUTE.exec(tag)) {
      if (match[1].toLowerCase() !== 'src') continue;
      const quoted = match[2] ?? match[3];
      // The first src is the one a client uses; only a quoted one is rewritten.
      if (quoted === undefined) return tag;
      const image = decodeImage(quoted);
      if (!image) return tag;
      const existing = images.get(image.cid) ?? image;
      images.set(existing.cid, existing);
      const valueStart = match.index + match[0].length - quoted.length - 1;
      return tag.slice(0, valueStart) + `cid:${existing.cid}` + tag.slice(valueStart + quoted.length);
    }
    return tag;
  });
  return { html: rewritten, images: [...images.values()] };
}

function decodeImage(uri: string): InlineImage | undefined {
  const parsed = DATA_URI.exec(uri);
  if (!parsed) return undefined;
  const contentType = parsed[1].toLowerCase();
  const extension = IMAGE_EXTENSIONS[contentType];
  const base64 = parsed[2];
  if (!extension || base64.length === 0 || base64.length % 4 !== 0) return undefined;
  const content = Buffer.from(base64, 'base64');
  // Strict: Node's decoder skips what it does not understand, so only data that encodes back to itself is taken.
  if (content.toString('base64') !== base64) return undefined;
  const hash = createHash('sha256').update(content).digest('hex');
  return { cid: `${hash.slice(0, 32)}@ccm.inline`, contentType, filename: `image-${hash.slice(0, 12)}.${extension}`, content };
}
