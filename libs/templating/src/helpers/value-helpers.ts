import type { Helper } from './merge-runtime';
import { assetHelper } from './asset.helper';
import { bdiHelper } from './bdi.helper';
import { dateHelper } from './date.helper';
import { eqHelper } from './eq.helper';
import { moneyHelper } from './money.helper';
import { numberHelper } from './number.helper';
import { translateHelper } from './translate.helper';

/** Helpers that produce a value: `{{money …}}`, `(eq …)`. */
export const VALUE_HELPERS: Readonly<Record<string, Helper>> = {
  money: moneyHelper,
  number: numberHelper,
  date: dateHelper,
  t: translateHelper,
  bdi: bdiHelper,
  eq: eqHelper,
  asset: assetHelper,
};

/** Handlebars' own block helpers that templates may use. */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
