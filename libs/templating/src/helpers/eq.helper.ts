import { HelperCall } from './merge-runtime';

/** `{{#if (eq document.type "invoice")}}`: strict equality, nothing else. */
export function eqHelper(call: HelperCall): boolean {
  return call.params.length === 2 && call.params[0] === call.params[1];
}
