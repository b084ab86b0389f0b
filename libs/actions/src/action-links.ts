import { createHmac } from 'node:crypto';

export type ActionPurpose = 'pay' | 'ask';

export interface DocumentActionLinks {
  readonly payUrl: string;
  readonly askUrl: string;
  /**
   * The links without `<public URL>/a/<purpose>/`: what a WhatsApp URL button
   * carries as its dynamic suffix, the base being registered with Meta.
   */
  readonly payPath: string;
  readonly askPath: string;
}

/** Signing material and the public base URL, resolved once at start-up. */
export abstract class ActionLinkSettings {
  abstract readonly publicUrl: string;
  abstract readonly signingSecret: string;
}

/**
 * One-click links for a document. A token is an HMAC-SHA256 (truncated to 192
 * bits) of the document and the purpose under the platform secret: unguessable,
 * scoped to one document and one purpose, and derivable again by any worker at
 * render time without the raw token ever being stored. Links are built from
 * the configured public URL, never from a request's Host header.
 */
export class ActionLinks {
  constructor(private readonly settings: ActionLinkSettings) {}

  forDocument(documentId: string): DocumentActionLinks {
    const payPath = this.path(documentId, 'pay');
    const askPath = this.path(documentId, 'ask');
    return { payUrl: `${this.base('pay')}${payPath}`, askUrl: `${this.base('ask')}${askPath}`, payPath, askPath };
  }

  /** What every link of a purpose starts with; the document's path follows it. */
  base(purpose: ActionPurpose): string {
    return `${this.settings.publicUrl}/a/${purpose}/`;
  }

  token(documentId: string, purpose: ActionPurpose): string {
    const mac = createHmac('sha256', this.settings.signingSecret).update(`action:${purpose}:${documentId}`).digest();
    return mac.subarray(0, 24).toString('base64url');
  }

  private path(documentId: string, purpose: ActionPurpose): string {
    return `${documentId}/${this.token(documentId, purpose)}`;
  }
}
