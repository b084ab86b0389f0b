/**
 * `{{…}}` placeholders in a WhatsApp template text, as Meta reads them. The
 * inside is returned untrimmed: `{{ name }}` is not a valid Meta parameter and
 * must be reported, not silently accepted.
 */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Every placeholder of the text, in order of appearance, duplicates kept. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** Distinct placeholder names, in order of first appearance. */
export function distinctPlaceholders(text: string): string[] {
  return [...new Set(placeholdersIn(text))];
}

/**
 * The text Meta will show: each placeholder replaced by its value in one pass,
 * so a value that itself contains `{{…}}` is shown as typed, never expanded.
 */
export function fillPlaceholders(text: string, valueOf: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => valueOf(name));
}
