import type Handlebars from 'handlebars';
import { assetHelper } from './asset.helper';
import { bdiHelper } from './bdi.helper';
import { dateHelper } from './date.helper';
import { eqHelper } from './eq.helper';
import { moneyHelper } from './money.helper';
import { numberHelper } from './number.helper';
import { translateHelper } from './translate.helper';

/** Helpers that produce a value: `{{money …}}`, `(eq …)`. */
export const VALUE_HELPERS = {
  money: moneyHelper,
  number: numberHelper,
  date: dateHelper,
  t: translateHelper,
  bdi: bdiHelper,
  eq: eqHelper,
  asset: assetHelper,
} as const;

/** Handlebars' own block helpers that templates may use. */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;

/**
 * Installs the template helper set on one Handlebars instance and removes the
 * built-ins that reach into objects by computed name (`lookup`) or write to the
 * server log (`log`).
 */
export function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.unregisterHelper('lookup');
  handlebars.unregisterHelper('log');
  for (const [name, helper] of Object.entries(VALUE_HELPERS)) handlebars.registerHelper(name, helper);
}
