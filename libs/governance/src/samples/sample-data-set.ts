import type { SampleDocument } from '@app/contracts';

/** Data a template is linted, previewed and diffed with: one of the version's samples, or a generated edge case. */
export interface SampleDataSet extends SampleDocument {
  readonly name: string;
  /** Edge cases stress limits on purpose; a limit they break is a warning, not a blocking error. */
  readonly edgeCase?: boolean;
}
