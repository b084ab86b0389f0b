/** Data a template is linted, previewed and diffed with: one document's recipient and `data`. */
export interface SampleDataSet {
  readonly name: string;
  /** The template kind it fits. */
  readonly kind: string;
  readonly locale: string;
  readonly recipient: {
    readonly customerId: string;
    readonly name: string;
    readonly email?: string;
    readonly phone?: string;
    readonly whatsapp?: string;
    readonly [field: string]: unknown;
  };
  readonly data: Record<string, unknown>;
  /** Edge cases stress limits on purpose; a limit they break is a warning, not a blocking error. */
  readonly edgeCase?: boolean;
}
