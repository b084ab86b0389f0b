import { DomainError, FieldError } from '@app/kernel';
import type { SampleDocument, TemplateContent } from '@app/contracts';
import type { PreviewRequest } from './preview-request';

/** The document a preview renders: given in the request, or one of the content's samples. */
export interface PreviewDocument extends SampleDocument {
  /** The sample's name; null when the data was given. */
  readonly sample: string | null;
}

/** Problems of the request's shape that no content can fix, all reported together. */
export function requestProblems(request: PreviewRequest): FieldError[] {
  const errors: FieldError[] = [];
  if (request.template !== undefined && request.content !== undefined) {
    errors.push({ pointer: '/content', message: 'give either template (a stored version) or content (unsaved), not both' });
  }
  if (request.template === undefined && request.content === undefined) {
    errors.push({ pointer: '/template', message: 'template (a stored version) or content (unsaved) is required' });
  }
  if (request.version !== undefined && request.template === undefined) {
    errors.push({ pointer: '/version', message: 'names a version of template, which is missing' });
  }
  if (request.data !== undefined) {
    if (request.sample !== undefined) errors.push({ pointer: '/sample', message: 'give either sample or data, not both' });
    if (request.locale === undefined) errors.push({ pointer: '/locale', message: 'is required with data' });
    if (request.recipient === undefined) errors.push({ pointer: '/recipient', message: 'is required with data' });
  }
  return errors;
}

/**
 * The given data, or a sample: the one named, else the first whose locale is
 * the requested one (exactly, then by language), else the first. The request's
 * locale and recipient override the sample's, so one sample previews in every
 * language the content ships.
 */
export function previewDocument(request: PreviewRequest, content: TemplateContent): PreviewDocument {
  if (request.data !== undefined) {
    return { sample: null, locale: request.locale!, recipient: request.recipient!, data: request.data };
  }
  const samples = Object.entries(content.samples ?? {});
  const [name, sample] = request.sample !== undefined ? named(samples, request.sample) : preferred(samples, request.locale);
  return {
    sample: name,
    locale: request.locale ?? sample.locale,
    recipient: request.recipient ?? sample.recipient,
    data: sample.data,
  };
}

function named(samples: Array<[string, SampleDocument]>, name: string): [string, SampleDocument] {
  const found = samples.find(([candidate]) => candidate === name);
  if (found) return found;
  const known = samples.length ? `one of ${samples.map(([candidate]) => `"${candidate}"`).join(', ')}` : 'the content has no samples';
  throw new DomainError('validation_failed', `No sample "${name}"`, [{ pointer: '/sample', message: `is not a sample of the content (${known})` }]);
}

function preferred(samples: Array<[string, SampleDocument]>, locale: string | undefined): [string, SampleDocument] {
  if (samples.length === 0) {
    throw new DomainError('validation_failed', 'The content has no samples: give locale, recipient and data', [
      { pointer: '/data', message: 'is required: the content has no samples to preview with' },
    ]);
  }
  if (locale === undefined) return samples[0];
  const tag = locale.toLowerCase();
  const language = tag.split('-')[0];
  return (
    samples.find(([, sample]) => sample.locale.toLowerCase() === tag) ??
    samples.find(([, sample]) => sample.locale.toLowerCase().split('-')[0] === language) ??
    samples[0]
  );
}
