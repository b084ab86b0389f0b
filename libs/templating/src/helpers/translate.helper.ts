import type { MessageBinding } from '../icu-fast-path';
import { TrustedHtml } from '../merge/trusted-html';
import type { HelperCall } from './merge-runtime';

/**
 * `{{t "invoice.due" amount=(money invoice.amountDue invoice.currency) date=(date invoice.dueDate)}}`
 * formats a catalog message with ICU rules of the document's locale, so plural
 * and select forms (Arabic has six plural categories) follow the language.
 * In HTML the message is escaped and trusted markup among its arguments (a
 * nested message) is kept as it is.
 *
 * The merge runtime calls a `{{t}}` with a literal key without this helper
 * (see `translation` in the merge program): it binds the message to the call
 * site once per catalog and locale. Both check arguments with `translationArguments`.
 */
export function translateHelper(call: HelperCall): unknown {
  const key = call.params[0];
  if (typeof key !== 'string' || key === '') throw call.invalid(0, 'must be a message key');
  const names = Object.keys(call.hash);
  const markup = call.runtime.markup;
  const args = translationArguments(key, names, names.map((name) => call.hash[name]), markup, () => call);
  const text = call.runtime.catalog.bound(key, call.locale.tag, { names, markup })(args);
  return markup === 'html' ? new TrustedHtml(text) : text;
}

/**
 * The arguments of a message as the catalog takes them: each present, text, a
 * number, a boolean or (in HTML) trusted markup, which plain text gets as its
 * markup. `call` gives the call to report a bad argument against.
 */
export function translationArguments(
  key: string,
  names: readonly string[],
  args: unknown[],
  markup: MessageBinding['markup'],
  call: () => HelperCall,
): unknown[] {
  for (let index = 0; index < args.length; index++) {
    const value = args[index];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') continue;
    if (value === undefined || value === null) throw call().invalid(names[index], `is required by message "${key}"`);
    if (!(value instanceof TrustedHtml)) throw call().invalid(names[index], 'must be text, a number or a boolean');
    if (markup === 'text') args[index] = value.html;
  }
  return args;
}
