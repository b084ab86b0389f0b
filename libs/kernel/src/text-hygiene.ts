import type { FieldError } from './domain-error';

/**
 * Characters no text a client sends may hold, wherever it sits: C0 controls
 * other than tab, line feed and carriage return (NUL among them: PostgreSQL
 * cannot store it in text or jsonb), DEL and the C1 controls. None of them is
 * ever part of a name, an address or an invoice line; each one is either a
 * bug upstream or an attempt to confuse something downstream.
 */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A single-line field (a name, an identifier, an address) holds no control character at all, nor a Unicode line or paragraph separator. */
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** Half of a UTF-16 pair without its other half: JSON's `"\ud800"` parses into one, and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Bidirectional embeddings, overrides (U+202A–U+202E) and isolates
 * (U+2066–U+2069). An override in customer data reorders what follows it, so
 * `Refund \u202E00.001$\u202C` reads "Refund $100.00"; isolating the value
 * would not help, since the reversal happens inside the value itself, and an
 * unclosed embedding or isolate runs on into the template's own text. The
 * marks (U+200E, U+200F, U+061C) stay: they direct neutral characters next to
 * them but cannot reverse a run, and Arabic text legitimately carries them.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Enough to fix a request; a body full of NULs would otherwise answer with a field error per character. */
export const MAX_TEXT_PROBLEMS = 20;

/** Why this text cannot be accepted, or undefined when it can. */
export function textProblem(text: string, shape: 'text' | 'line' = 'text'): string | undefined {
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `holds a lone surrogate (U+${codeOf(lone[0])}) at position ${lone.index}, which is not a character`;
  const control = (shape === 'line' ? CONTROL_IN_LINE : CONTROL_IN_TEXT).exec(text);
  if (!control) return undefined;
  const what = shape === 'line' && /[\t\n\r\u2028\u2029]/.test(control[0]) ? 'a line break or tab' : 'a control character';
  return `holds ${what} (U+${codeOf(control[0])}) at position ${control.index}`;
}

/**
 * Every string in a parsed JSON value, object keys included, that `textProblem`
 * refuses, each at its JSON pointer (RFC 6901) below `root`. Keys must be
 * single lines; values may span lines. Walks without recursion, so any depth
 * the parser accepted is safe here.
 */
export function textProblemsIn(value: unknown, root = '', limit = MAX_TEXT_PROBLEMS): FieldError[] {
  const problems: FieldError[] = [];
  const stack: Array<{ value: unknown; pointer: string }> = [{ value, pointer: root }];
  while (stack.length && problems.length < limit) {
    const { value: node, pointer } = stack.pop()!;
    if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) problems.push({ pointer, message: problem });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const children: typeof stack = [];
    for (const [key, child] of Object.entries(node)) {
      const at = `${pointer}/${escapePointerSegment(key)}`;
      const problem = textProblem(key, 'line');
      if (problem) problems.push({ pointer: at, message: `field name ${problem}` });
      else children.push({ value: child, pointer: at });
    }
    // Reversed onto the stack, so problems come out in the order of the body.
    stack.push(...children.reverse());
  }
  return problems.slice(0, limit);
}

export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

/**
 * The value with bidirectional controls removed from every string in it (keys
 * stay as they are: they are field names, never shown). Returns the same
 * object when there was nothing to remove, so the common case copies nothing.
 */
export function withoutBidiControls<T>(value: T): T {
  if (typeof value === 'string') return (BIDI_CONTROL.test(value) ? value.replace(BIDI_CONTROLS, '') : value) as T;
  if (Array.isArray(value)) {
    const items = value.map((item) => withoutBidiControls(item));
    return (items.some((item, index) => item !== value[index]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const entries = Object.entries(value).map(([key, child]) => {
      const cleaned = withoutBidiControls(child);
      changed ||= cleaned !== child;
      return [key, cleaned] as const;
    });
    if (!changed) return value;
    // Same prototype, so a validated DTO stays the class it was; defined, not assigned, so a "__proto__" key stays a key.
    const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
    for (const [key, cleaned] of entries) Object.defineProperty(copy, key, { value: cleaned, enumerable: true, writable: true, configurable: true });
    return copy as T;
  }
  return value;
}

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function codeOf(character: string): string {
  return character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}
