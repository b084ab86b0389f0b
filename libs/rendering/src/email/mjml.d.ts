// MJML 5 ships no type declarations; this covers the part of its API the email compiler uses.
declare module 'mjml' {
  interface MjmlError {
    readonly line: number;
    readonly message: string;
    readonly tagName: string;
    readonly formattedMessage: string;
  }

  interface MjmlOptions {
    readonly validationLevel?: 'strict' | 'soft' | 'skip';
    readonly keepComments?: boolean;
    readonly beautify?: boolean;
    readonly minify?: boolean;
    readonly ignoreIncludes?: boolean;
  }

  interface MjmlResult {
    readonly html: string;
    readonly errors: readonly MjmlError[];
  }

  /** Asynchronous since MJML 5. Rejects with `errors` attached when strict validation fails. */
  function mjml2html(input: string, options?: MjmlOptions): Promise<MjmlResult>;

  export = mjml2html;
}
