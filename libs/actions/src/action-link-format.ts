import { ActionPurpose } from './action-link.entity';
import { ActionLinkKeyRing, deriveToken } from './action-link-keys';

export interface DocumentActionLinks {
  readonly payUrl: string;
  readonly askUrl: string;
  /**
   * The links without `<public URL>/a/<purpose>/`, i.e. the tokens: what a
   * WhatsApp URL button carries as its dynamic suffix, the base being
   * registered with Meta.
   */
  readonly payPath: string;
  readonly askPath: string;
  /** When the links stop working; absent on sample links. */
  readonly expiresAt?: Date;
}

/** The public base URL and the keys, resolved once at start-up. */
export interface ActionLinkFormatSettings {
  readonly publicUrl: string;
  readonly signingSecret: string;
  /** Secrets `CCM_SECRET` had before: documents issued under them still derive their links. */
  readonly previousSecrets?: readonly string[];
}

const SAMPLE_SALT = Buffer.alloc(16);

/**
 * How links look: the URL of each purpose and the token derived from a key.
 * Needs no database, so previews, lint and diffs use it for sample links
 * that have the real links' shape and length.
 */
export class ActionLinkFormat {
  readonly keys: ActionLinkKeyRing;

  constructor(private readonly settings: ActionLinkFormatSettings) {
    this.keys = new ActionLinkKeyRing(settings.signingSecret, settings.previousSecrets ?? []);
  }

  /** What every link of a purpose starts with; the token follows it. */
  base(purpose: ActionPurpose): string {
    return `${this.settings.publicUrl}/a/${purpose}/`;
  }

  /** Well-formed links that open nothing, for previews, lint and diffs. */
  sample(documentId: string): DocumentActionLinks {
    const token = (purpose: ActionPurpose) => deriveToken(this.keys.current, `sample\0${purpose}`, documentId, SAMPLE_SALT);
    return this.links(token('pay'), token('ask'));
  }

  links(payToken: string, askToken: string, expiresAt?: Date): DocumentActionLinks {
    return {
      payUrl: `${this.base('pay')}${payToken}`,
      askUrl: `${this.base('ask')}${askToken}`,
      payPath: payToken,
      askPath: askToken,
      ...(expiresAt ? { expiresAt } : {}),
    };
  }
}
