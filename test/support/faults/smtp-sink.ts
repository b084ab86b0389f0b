import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted: its `Message-ID` header and envelope. */
export interface SunkMessage {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly bytes: number;
}

/**
 * A real SMTP server on 127.0.0.1 that accepts every message and counts them by
 * `Message-ID`, the identifier a resend after a crash carries unchanged, so a
 * second arrival of one id is a duplicate the platform caused. It can be
 * stopped (connections refused, open ones told 421 and closed) and started
 * again on the same port, keeping what it received.
 */
export class SmtpSink {
  private readonly byMessageId = new Map<string, SunkMessage[]>();
  private server?: SMTPServer;
  private boundPort = 0;
  /** Connections that ended in an error (a sender killed mid-session resets its socket). */
  connectionErrors = 0;

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.boundPort}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Every message accepted, in order of arrival per id. */
  messages(): SunkMessage[] {
    return [...this.byMessageId.values()].flat();
  }

  /** Distinct `Message-ID`s received. */
  get distinct(): number {
    return this.byMessageId.size;
  }

  /** Messages received in all, duplicates included. */
  get total(): number {
    let total = 0;
    for (const copies of this.byMessageId.values()) total += copies.length;
    return total;
  }

  /** Arrivals beyond the first of each `Message-ID`. */
  get duplicates(): number {
    return this.total - this.distinct;
  }

  /** How many times each id arrived, for the ids that arrived more than once. */
  duplicated(): Array<{ messageId: string; copies: number }> {
    return [...this.byMessageId.entries()].filter(([, copies]) => copies.length > 1).map(([messageId, copies]) => ({ messageId, copies: copies.length }));
  }

  count(messageId: string): number {
    return this.byMessageId.get(messageId)?.length ?? 0;
  }

  /** Listens on `port` (the previous one on a restart, a free one the first time). */
  async start(port = this.boundPort): Promise<number> {
    if (this.server) return this.boundPort;
    const server = this.createServer();
    // A sender killed mid-session resets its connection: expected here, and fatal if left unheard.
    server.on('error', () => this.connectionErrors++);
    server.listen(port, '127.0.0.1');
    await Promise.race([once(server.server, 'listening'), once(server.server, 'error').then(([error]) => Promise.reject(error))]);
    this.boundPort = (server.server.address() as { port: number }).port;
    this.server = server;
    return this.boundPort;
  }

  /** Stops listening at once: new connections are refused, open ones get 421 and are closed. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private createServer(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // A stop must look like a crash of the mail server, not a polite 30 s drain.
      closeTimeout: 100,
      size: 20 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        // A sender killed mid-message: the stream is destroyed and never ends, so nothing is counted.
        stream.on('error', () => undefined);
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const message: SunkMessage = {
            messageId: messageIdOf(raw) ?? `(none #${this.total + 1})`,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            bytes: raw.length,
          };
          // Counted when accepted: the 250 that follows is what makes the sender consider it sent.
          const copies = this.byMessageId.get(message.messageId) ?? [];
          copies.push(message);
          this.byMessageId.set(message.messageId, copies);
          callback();
        });
      },
    });
  }
}

/** The `Message-ID` header of a raw message, read from its header block only. */
export function messageIdOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, Math.min(raw.length, 65_536)).toString('latin1');
  const end = head.indexOf('\r\n\r\n');
  const match = /^Message-ID:[ \t]*(?:\r\n[ \t]+)?(<[^>\r\n]+>)/im.exec(end >= 0 ? head.slice(0, end) : head);
  return match?.[1];
}
