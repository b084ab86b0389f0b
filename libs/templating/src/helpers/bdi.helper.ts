import { HelperCall } from './merge-runtime';

/**
 * `{{bdi invoice.number}}`: isolates a value (an invoice number, a plan name in
 * Latin script) inside right-to-left text so the surrounding sentence keeps its
 * order. Named after HTML's `<bdi>`, it writes Unicode isolates (U+2068 … U+2069)
 * instead, in every channel, because email clients drop the element. Does nothing
 * in left-to-right locales.
 */
export function bdiHelper(call: HelperCall): unknown {
  const value = call.required(0);
  if (typeof value !== 'string' && typeof value !== 'number') throw call.invalid(0, 'must be text or a number');
  return call.isolate(String(value));
}
