import { createTransport, type Transporter } from 'nodemailer';
import { AcceptedEmail, EmailTransport, EmailTransportError, OutgoingEmail } from './email-transport';

interface SmtpFailure {
  readonly message?: string;
  readonly responseCode?: number;
}

/**
 * SMTP through nodemailer's pooled transport on `SMTP_URL`: connections stay
 * open and are reused, as many as the emails a worker sends at once
 * (`maxConnections` in the URL wins), so each message costs no handshake. The message goes
 * as the platform built it (`raw`), under an explicit envelope, so the bytes a
 * recipient gets are the bytes the platform stored and hashed.
 */
export class SmtpEmailTransport extends EmailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(smtpUrl: string, connections = 5) {
    super();
    const url = new URL(smtpUrl);
    url.searchParams.set('pool', 'true');
    if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(connections));
    this.transporter = createTransport(url.toString());
  }

  async send(email: OutgoingEmail): Promise<AcceptedEmail> {
    try {
      const info = (await this.transporter.sendMail({
        envelope: { from: email.envelope.from, to: [...email.envelope.to] },
        raw: email.raw,
      })) as { response?: string; messageId?: string };
      return { provider: this.name, providerMessageId: info.response ?? info.messageId ?? email.messageId };
    } catch (error) {
      throw classifySmtpFailure(error as SmtpFailure);
    }
  }

  override async close(): Promise<void> {
    this.transporter.close();
  }
}

/** 5xx → permanent; 4xx, timeouts and connection errors (no code) → worth retrying. */
export function classifySmtpFailure(error: SmtpFailure): EmailTransportError {
  const code = error.responseCode;
  const permanent = typeof code === 'number' && code >= 500 && code < 600;
  return new EmailTransportError(error.message ?? 'SMTP failure', permanent, code);
}
