import { DomainError } from '@app/kernel';
import { TrustedHtml } from '../merge/trusted-html';
import { HelperCall } from './merge-runtime';

/**
 * `<img src="{{asset "logo"}}">`, `url({{asset "brand-font"}})`: the data URI of
 * the asset the version captured under that name. The PDF renderer fetches
 * nothing but `data:` URLs, and an email carries its images with it, so an
 * inlined asset is the one way a logo or font reaches either.
 *
 * The source guard lets this helper through only with a literal name and only
 * in HTML sources, so the assets a version uses are known when it is saved.
 */
export function assetHelper(call: HelperCall): unknown {
  const name = call.params[0];
  if (typeof name !== 'string') throw call.invalid(0, 'must be an asset name');
  const uri = call.runtime.assets?.get(name);
  if (uri === undefined) {
    throw new DomainError('template_invalid', `{{asset "${name}"}}: the version carries no asset "${name}"; upload it, then save the version again`);
  }
  // Only listed content types and the base64 alphabet: nothing in it needs escaping.
  return call.runtime.markup === 'html' ? new TrustedHtml(uri) : uri;
}
