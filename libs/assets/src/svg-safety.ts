/**
 * SVG is active content: opened on its own, a browser runs its scripts and
 * follows its links; rendered as an image, it may still try to fetch. So an SVG
 * asset must be plain, well-formed XML with an `<svg>` root, and is refused when
 * it holds anything that runs or reaches outside the file: scripts, event
 * handler attributes, `<foreignObject>` (HTML inside SVG), embedded documents,
 * references to other files (`href`, CSS `url()`, `@import`, stylesheet
 * processing instructions), or a DOCTYPE (entities can expand or fetch).
 *
 * The check is a strict tokenizer rather than a lenient parser: whatever it
 * cannot read with certainty is refused, so what it approved is what a
 * browser's XML parser reads.
 */

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
/** Elements that run code, embed other documents or play media. */
const FORBIDDEN_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'foreignobject',
  'iframe',
  'embed',
  'object',
  'frame',
  'frameset',
  'handler',
  'listener',
  'audio',
  'video',
]);
/** Elements that change another attribute over time: they could turn an `href` external. */
const ANIMATION_ELEMENTS: ReadonlySet<string> = new Set(['set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor']);
/** Sticky, so a name is read in place without copying the rest of the file. */
const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Deeper than any drawing; deeper input only costs time. */
const MAX_DEPTH = 64;
const MAX_PROBLEMS = 10;

/** Why an SVG file is refused, or nothing when it is safe to inline and to serve. */
export function svgProblems(bytes: Uint8Array): string[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return ['is not UTF-8 text, so it is not an SVG file'];
  }
  return new SvgScanner(text.startsWith('\uFEFF') ? text.slice(1) : text).scan();
}

class MalformedSvg extends Error {}

class SvgScanner {
  private at = 0;
  private readonly problems: string[] = [];
  private readonly open: string[] = [];
  private rootSeen = false;
  private inStyle = false;

  constructor(private readonly text: string) {}

  scan(): string[] {
    try {
      this.document();
    } catch (error) {
      if (!(error instanceof MalformedSvg)) throw error;
      this.problems.push(`is not well-formed SVG: ${error.message}`);
    }
    return [...new Set(this.problems)].slice(0, MAX_PROBLEMS);
  }

  private document(): void {
    const { text } = this;
    if (text.includes('\u0000')) throw new MalformedSvg('it contains NUL characters');
    while (this.at < text.length) {
      const next = text.indexOf('<', this.at);
      const end = next === -1 ? text.length : next;
      if (end > this.at) this.characters(text.slice(this.at, end));
      if (next === -1) break;
      this.at = next;
      if (text.startsWith('<?', next)) this.processingInstruction();
      else if (text.startsWith('<!--', next)) this.skipPast('-->', 'a comment is not closed');
      else if (text.startsWith('<![CDATA[', next)) this.cdata();
      else if (text.startsWith('<!', next)) {
        this.problems.push('declares a DOCTYPE or entities (<!…>), which can expand or fetch content');
        throw new MalformedSvg('declarations (<!DOCTYPE, <!ENTITY) are not accepted');
      } else if (text.startsWith('</', next)) this.endTag();
      else this.startTag();
    }
    if (this.open.length) throw new MalformedSvg(`<${this.open[this.open.length - 1]}> is not closed`);
    if (!this.rootSeen) throw new MalformedSvg('there is no <svg> element');
  }

  private processingInstruction(): void {
    const target = this.nameAt(this.at + 2) ?? '';
    const isDeclaration = target.toLowerCase() === 'xml' && this.at === 0;
    this.skipPast('?>', 'a processing instruction is not closed');
    if (!isDeclaration) this.problems.push(`holds the processing instruction <?${target}?>, which can load a stylesheet from elsewhere`);
  }

  private cdata(): void {
    const start = this.at + '<![CDATA['.length;
    this.skipPast(']]>', 'a CDATA section is not closed');
    if (!this.open.length) throw new MalformedSvg('text stands outside the <svg> element');
    this.checkText(this.text.slice(start, this.at - ']]>'.length));
  }

  private characters(raw: string): void {
    if (!this.open.length) {
      if (raw.trim() !== '') throw new MalformedSvg('text stands outside the <svg> element');
      return;
    }
    this.checkText(decodeEntities(raw));
  }

  /** Only a stylesheet's text can reach outside the file; other text is just drawn. */
  private checkText(text: string): void {
    if (this.inStyle) this.checkCss(text, '<style>', true);
  }

  private startTag(): void {
    const name = this.nameAt(this.at + 1);
    if (!name) throw new MalformedSvg(`"<" at character ${this.at} starts no element`);
    this.at += 1 + name.length;
    const attributes = this.attributes(name);
    const selfClosing = this.text.startsWith('/>', this.at);
    if (!selfClosing && this.text[this.at] !== '>') throw new MalformedSvg(`<${name}> is not closed with ">"`);
    this.at += selfClosing ? 2 : 1;
    this.element(name, attributes);
    if (!selfClosing) {
      if (this.open.length >= MAX_DEPTH) throw new MalformedSvg(`elements nest deeper than ${MAX_DEPTH} levels`);
      this.open.push(name);
      this.inStyle = localName(name) === 'style';
    }
  }

  private endTag(): void {
    const name = this.nameAt(this.at + 2);
    const expected = this.open.pop();
    if (!name || name !== expected) throw new MalformedSvg(`</${name ?? ''}> does not close <${expected ?? 'nothing'}>`);
    this.at += 2 + name.length;
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
    if (this.text[this.at] !== '>') throw new MalformedSvg(`</${name}> is not closed with ">"`);
    this.at++;
    this.inStyle = this.open.length > 0 && localName(this.open[this.open.length - 1]) === 'style';
  }

  private attributes(element: string): Map<string, string> {
    const attributes = new Map<string, string>();
    for (;;) {
      const before = this.at;
      while (/\s/.test(this.text[this.at] ?? '')) this.at++;
      const next = this.text[this.at];
      if (next === '>' || next === '/' || next === undefined) return attributes;
      if (this.at === before) throw new MalformedSvg(`attributes of <${element}> are not separated by spaces`);
      const name = this.nameAt(this.at);
      if (!name) throw new MalformedSvg(`<${element}> has an attribute without a name`);
      this.at += name.length;
      while (/\s/.test(this.text[this.at] ?? '')) this.at++;
      if (this.text[this.at] !== '=') throw new MalformedSvg(`attribute ${name} of <${element}> has no value`);
      this.at++;
      while (/\s/.test(this.text[this.at] ?? '')) this.at++;
      const quote = this.text[this.at];
      if (quote !== '"' && quote !== "'") throw new MalformedSvg(`attribute ${name} of <${element}> is not quoted`);
      const close = this.text.indexOf(quote, this.at + 1);
      if (close === -1) throw new MalformedSvg(`attribute ${name} of <${element}> is not closed`);
      const raw = this.text.slice(this.at + 1, close);
      if (raw.includes('<')) throw new MalformedSvg(`attribute ${name} of <${element}> contains "<"`);
      if (attributes.has(name)) throw new MalformedSvg(`<${element}> has attribute ${name} twice`);
      attributes.set(name, decodeEntities(raw));
      this.at = close + 1;
    }
  }

  private element(name: string, attributes: ReadonlyMap<string, string>): void {
    const local = localName(name).toLowerCase();
    if (!this.rootSeen) {
      if (this.open.length === 0 && local !== 'svg') throw new MalformedSvg(`the root element is <${name}>, not <svg>`);
      if (attributes.get('xmlns') !== SVG_NAMESPACE) this.problems.push(`the root <svg> must declare xmlns="${SVG_NAMESPACE}"`);
      this.rootSeen = true;
    } else if (this.open.length === 0) {
      throw new MalformedSvg('there is more than one root element');
    }
    if (FORBIDDEN_ELEMENTS.has(local)) this.problems.push(`holds a <${name}> element, which can run code or embed another document`);
    for (const [attribute, value] of attributes) this.attribute(name, local, attribute, value);
  }

  private attribute(element: string, elementLocal: string, name: string, value: string): void {
    const local = localName(name).toLowerCase();
    if (name === 'xmlns' || name.startsWith('xmlns:')) return;
    if (local.startsWith('on')) {
      this.problems.push(`<${element}> has the event handler attribute ${name}, which runs script`);
      return;
    }
    const compact = value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
    if (compact.includes('javascript:') || compact.includes('vbscript:')) {
      this.problems.push(`<${element}> attribute ${name} holds a script URL`);
    }
    if (local === 'href' && !isInlineReference(value.trim())) {
      this.problems.push(`<${element}> ${name}="${shorten(value)}" refers to another file; only "#id" and data:image/ references are allowed`);
    }
    if (ANIMATION_ELEMENTS.has(elementLocal) && local === 'attributename') {
      const target = localName(value.trim()).toLowerCase();
      if (target === 'href' || target.startsWith('on')) this.problems.push(`<${element}> animates ${value.trim()}, which could point it elsewhere`);
    }
    this.checkCss(value, `<${element}> ${name}`, local === 'style');
  }

  /** CSS reaches other files through `url()` and `@import`; escapes could hide either, so none are accepted. */
  private checkCss(css: string, where: string, stylesheet: boolean): void {
    if (/@import/i.test(css)) this.problems.push(`${where} imports a stylesheet (@import)`);
    if (stylesheet && css.includes('\\')) this.problems.push(`${where} uses CSS escapes (\\), which could hide a reference`);
    for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
      if (!isInlineReference(match[2].trim())) this.problems.push(`${where} refers to another file with url(${shorten(match[2])})`);
    }
    if (/url\(/i.test(css.replace(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi, ''))) this.problems.push(`${where} has a url() that cannot be read with certainty`);
  }

  private nameAt(position: number): string | undefined {
    NAME.lastIndex = position;
    return NAME.exec(this.text)?.[0];
  }

  private skipPast(terminator: string, problem: string): void {
    const end = this.text.indexOf(terminator, this.at);
    if (end === -1) throw new MalformedSvg(problem);
    this.at = end + terminator.length;
  }
}

/** A fragment of this same file, or an image carried inside it. */
function isInlineReference(target: string): boolean {
  return target.startsWith('#') || /^data:image\//i.test(target);
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** XML's own five entities and character references; anything else is undeclared and refused. */
function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (reference, body: string) => {
    if (!reference.endsWith(';')) throw new MalformedSvg(`"&" not followed by an entity reference`);
    if (Object.hasOwn(PREDEFINED_ENTITIES, body)) return PREDEFINED_ENTITIES[body];
    const code = /^#x([0-9a-f]+)$/i.exec(body) ? parseInt(body.slice(2), 16) : /^#([0-9]+)$/.exec(body) ? parseInt(body.slice(1), 10) : NaN;
    if (Number.isNaN(code) || code > 0x10ffff || code === 0) throw new MalformedSvg(`&${body}; is not a character or predefined entity`);
    return String.fromCodePoint(code);
  });
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
