import type { MessageValue } from '../message-catalog';
import { escapeHtml, TrustedHtml } from '../merge/trusted-html';
import { HelperCall } from './merge-runtime';

/**
 * Marks where an already-safe HTML argument (a `<bdi>`-wrapped amount from a
 * `money` subexpression) goes, so the message can be escaped as a whole and the
 * fragment put back afterwards. Private-use code points pass through HTML
 * escaping unchanged and never occur in real text.
 */
const SLOT_OPEN = '\uE000';
const SLOT_CLOSE = '\uE001';
const SLOT = /\uE000(\d+)\uE001/g;

/**
 * `{{t "invoice.due" amount=(money invoice.amountDue invoice.currency) date=(date invoice.dueDate)}}`
 * formats a catalog message with ICU rules of the document's locale, so plural
 * and select forms (Arabic has six plural categories) follow the language.
 */
export function translateHelper(call: HelperCall): unknown {
  const key = call.params[0];
  if (typeof key !== 'string' || key === '') throw call.invalid(0, 'must be a message key');
  const html = call.runtime.markup === 'html';
  const fragments: string[] = [];
  const values: Record<string, MessageValue> = {};
  for (const name in call.hash) {
    const value = call.hash[name];
    if (value === undefined || value === null) throw call.invalid(name, `is required by message "${key}"`);
    if (value instanceof TrustedHtml) {
      values[name] = html ? `${SLOT_OPEN}${fragments.push(value.toString()) - 1}${SLOT_CLOSE}` : value.toString();
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[name] = value;
    } else {
      throw call.invalid(name, 'must be text, a number or a boolean');
    }
  }
  const text = call.runtime.catalog.format(key, values, call.locale.tag);
  if (!html) return text;
  const escaped = escapeHtml(text);
  return new TrustedHtml(fragments.length === 0 ? escaped : escaped.replace(SLOT, (slot, index: string) => fragments[Number(index)] ?? slot));
}
