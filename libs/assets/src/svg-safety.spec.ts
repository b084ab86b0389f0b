import { svgProblems } from './svg-safety';

const svg = (inner: string, attributes = '') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"${attributes} viewBox="0 0 10 10">${inner}</svg>`);

describe('SVG safety', () => {
  it('accepts a plain drawing with gradients, fragment references, embedded images, comments and an XML declaration', () => {
    const drawing = Buffer.from(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- logo -->\n' +
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">' +
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient><path id="p" d="M0 0h1"/></defs>' +
        '<style><![CDATA[ .a { fill: url(#g); } ]]></style>' +
        '<rect class="a" width="10" height="10" fill="url(\'#g\')" style="stroke: url(#g)"/><use xlink:href="#p"/>' +
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/><text x="1" y="5">R&amp;D &#x4E2D;</text></svg>\n',
    );
    expect(svgProblems(drawing)).toEqual([]);
  });

  it.each([
    ['a script', svg('<script>alert(1)</script>'), /<script> element/],
    ['a namespaced script', svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'), /<svg:script> element/],
    ['an event handler', svg('<rect width="1" height="1"/>', ' onload="alert(1)"'), /event handler attribute onload/],
    ['an event handler in upper case', svg('<rect ONCLICK="alert(1)" width="1"/>'), /event handler attribute ONCLICK/],
    ['foreignObject', svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), /<foreignObject> element/],
    ['an external image', svg('<image href="https://tracker.example/p.png"/>'), /refers to another file/],
    ['an external xlink:href', svg('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="other.svg#a"/>'), /refers to another file/],
    ['a file reference', svg('<image href="file:///etc/passwd"/>'), /refers to another file/],
    ['a non-image data URI', svg('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><rect width="1"/></a>'), /refers to another file/],
    ['a javascript link hidden by character references', svg('<a href="&#106;avascript:alert(1)"><rect width="1"/></a>'), /script URL/],
    ['CSS url() to elsewhere', svg('<rect style="fill: url(http://169.254.169.254/x)" width="1"/>'), /url\(http:\/\/169\.254\.169\.254\/x\)/],
    ['a stylesheet import', svg('<style>@import "https://evil.example/a.css";</style>'), /@import/],
    ['CSS escapes', svg('<style>rect { fill: \\75rl(http://x) }</style>'), /CSS escapes/],
    ['an animated href', svg('<a href="#x"><set attributeName="href" to="https://evil.example"/></a>'), /animates href/],
    ['a stylesheet processing instruction', Buffer.from(`<?xml-stylesheet href="https://evil.example/a.css"?>${svg('').toString()}`), /processing instruction/],
    ['a DOCTYPE', Buffer.from(`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('&x;').toString()}`), /DOCTYPE or entities/],
    ['an undeclared entity', svg('<text>&x;</text>'), /not well-formed/],
    ['an iframe', svg('<iframe src="https://evil.example"/>'), /<iframe> element/],
    ['no SVG namespace', Buffer.from('<svg viewBox="0 0 1 1"></svg>'), /must declare xmlns/],
    ['another root element', Buffer.from('<html xmlns="http://www.w3.org/1999/xhtml"></html>'), /root element is <html>/],
    ['unclosed elements', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'), /does not close/],
    ['unquoted attributes', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width=10></svg>'), /not quoted/],
    ['a second root', Buffer.from(`${svg('').toString()}<svg xmlns="http://www.w3.org/2000/svg"/>`), /more than one root/],
    ['text that is not UTF-8', Buffer.from([0x3c, 0x73, 0x76, 0x67, 0xff, 0xfe]), /not UTF-8/],
  ])('refuses %s', (_, bytes, problem) => {
    const problems = svgProblems(bytes);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(problem);
  });

  it('reads a large drawing in linear time', () => {
    const drawing = (count: number) => svg(Array.from({ length: count }, (_, i) => `<path d="M${i} 0h1" fill="#1fb5ac"/>`).join(''));
    /** The best of five reads, so a busy machine's pauses do not count. */
    const bestMs = (bytes: Buffer) =>
      Math.min(
        ...Array.from({ length: 5 }, () => {
          const started = performance.now();
          expect(svgProblems(bytes)).toEqual([]);
          return performance.now() - started;
        }),
      );
    const small = drawing(2_000);
    const large = drawing(16_000);
    bestMs(small);
    // Eight times the drawing: about eight times the work in linear time, sixty-four in quadratic.
    expect(bestMs(large) / bestMs(small)).toBeLessThan(24);
  });
});
