/**
 * Why an argument cannot be formatted. Formatting functions stay free of
 * Handlebars; the helper that called them turns this into an error naming the
 * field the argument came from.
 */
export class FormatProblem extends Error {
  constructor(
    /** Position of the argument (0-based) or the name of the hash argument. */
    readonly argument: number | string,
    message: string,
  ) {
    super(message);
    this.name = 'FormatProblem';
  }
}
