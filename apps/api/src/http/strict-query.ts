import { BadRequestException } from '@nestjs/common';

/**
 * A route's query read strictly: an unknown parameter, or one given twice, is
 * a problem; so is every malformed value its reader reports. All problems are
 * answered together as one 400 naming them, never an ignored filter that
 * widens the answer.
 */
export class StrictQuery {
  private readonly problems: string[] = [];

  constructor(
    private readonly query: Record<string, unknown>,
    known: readonly string[],
  ) {
    for (const key of Object.keys(query)) if (!known.includes(key)) this.problems.push(`${key} is not a known parameter`);
  }

  /** The parameter's one value, or undefined when absent (or given more than once, which is a problem). */
  one(name: string): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.problems.push(`${name} must be given once`);
      return undefined;
    }
    return value;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws the 400 when anything was wrong; call once every parameter is read. */
  done(): void {
    if (this.problems.length) throw new BadRequestException(this.problems.join('; '));
  }
}
