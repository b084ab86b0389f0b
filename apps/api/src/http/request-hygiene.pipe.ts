import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, textProblemsIn } from '@app/kernel';

/** Where a problem points, per part of the request, as the other edge checks name them. */
const ROOT_BY_PART = { body: '', query: '/query', param: '/path' } as const;

/**
 * Runs before every other pipe, on the body, the query and the path of every
 * route: a NUL, a lone surrogate or another control character anywhere — deep
 * in free-form `data`, or in an object key — is refused with 422 naming the
 * field. PostgreSQL cannot store a NUL or a lone surrogate, so letting one
 * through turns a client's mistake into a 500 half way through a write.
 */
@Injectable()
export class RequestHygienePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const root = ROOT_BY_PART[metadata.type];
    const at = metadata.data ? `${root}/${metadata.data}` : root;
    const problems = textProblemsIn(value, at);
    if (problems.length) {
      throw new DomainError('validation_failed', 'The request holds characters that are not text', problems);
    }
    return value;
  }
}
