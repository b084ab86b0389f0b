import { DomainError } from '@app/kernel';
import { ownProperty } from './handlebars-values';

/** Reads a path's segments one by one, failing the way a strict Handlebars merge fails, with the field named. */
export class PathLookup {
  constructor(
    private readonly path: hbs.AST.PathExpression,
    private readonly display: string,
    private readonly pointer: string,
  ) {}

  walk(start: unknown, parts: readonly string[], from: number, terminal: 'strict' | 'lenient'): unknown {
    let value = start;
    const last = parts.length - 1;
    for (let index = from; index < parts.length; index++) {
      const part = parts[index];
      const printed = index === last && terminal === 'strict';
      if (value === undefined || value === null) throw this.missing(printed ? undefined : part);
      // Strict printing needs a field that exists (one holding null prints nothing). Unlike
      // Handlebars, a name only the prototype has (`toString`) does not count as existing.
      if (printed && (typeof value !== 'object' || !Object.hasOwn(value, part))) throw this.missing();
      value = ownProperty(value, part);
    }
    return value;
  }

  private missing(readingFromNothing?: string): DomainError {
    const { line, column } = this.path.loc.start;
    const problem =
      readingFromNothing === undefined
        ? `is missing: the template prints "${this.display}" (line ${line}, column ${column + 1})`
        : `is missing: the template reads "${readingFromNothing}" from it in "${this.display}" (line ${line}, column ${column + 1}); guard optional objects with {{#if}}`;
    return new DomainError('validation_failed', `${this.pointer} ${problem}`, [{ pointer: this.pointer, message: problem }]);
  }
}
