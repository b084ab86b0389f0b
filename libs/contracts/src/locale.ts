import type { Direction } from './channel';

/** The locale a document is merged in, as every channel sees it. */
export interface LocaleInfo {
  /** BCP 47 tag as the document gave it, e.g. `ar-SA`. */
  readonly tag: string;
  /** The catalog language it resolved to, e.g. `ar`. */
  readonly language: string;
  readonly dir: Direction;
}
