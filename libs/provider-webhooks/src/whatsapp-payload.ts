import { DomainError, FieldError } from '@app/kernel';
import type { ReportedStatus } from '@app/dispatch';

/** A status of a message we sent, from `entry[].changes[].value.statuses[]`. */
export interface WhatsAppStatus {
  readonly id: string;
  readonly status: string;
  readonly occurredAt: Date | null;
  readonly errorCode: string | null;
  readonly raw: Record<string, unknown>;
}

/**
 * A customer's message, from `entry[].changes[].value.messages[]`: `text` only
 * for text messages, `button` only for a press of a template's quick-reply
 * button (type `button`: its payload and label).
 */
export interface WhatsAppMessage {
  readonly id: string | null;
  readonly from: string;
  readonly text: string | null;
  readonly button: { readonly payload: string; readonly text: string | null } | null;
  readonly sentAt: Date | null;
}

export interface WhatsAppNotification {
  readonly statuses: WhatsAppStatus[];
  readonly messages: WhatsAppMessage[];
}

const BY_WHATSAPP_STATUS: Readonly<Record<string, ReportedStatus>> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

/** WhatsApp's status in our words; others (`deleted`, `warning`, …) are not about delivery. */
export function fromWhatsAppStatus(status: string): ReportedStatus | null {
  return BY_WHATSAPP_STATUS[status] ?? null;
}

/**
 * The statuses and messages of a Cloud API webhook (already verified). Fields
 * we do not use are left alone, as Meta adds them; a body that is not the
 * shape at all is refused, naming where.
 */
export function parseWhatsAppNotification(raw: Buffer): WhatsAppNotification {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('validation_failed', 'The webhook body is not JSON', [{ pointer: '', message: 'is not JSON' }]);
  }
  const errors: FieldError[] = [];
  const statuses: WhatsAppStatus[] = [];
  const messages: WhatsAppMessage[] = [];
  const entries = listAt(body, 'entry', '', errors);
  entries.forEach((entry, e) => {
    listAt(entry, 'changes', `/entry/${e}`, errors).forEach((change, c) => {
      const at = `/entry/${e}/changes/${c}/value`;
      const value = isObject(change) ? change.value : undefined;
      if (!isObject(value)) return errors.push({ pointer: at, message: 'must be an object' });
      listAt(value, 'statuses', at, errors, true).forEach((status, s) => {
        if (!isObject(status) || !isToken(status.id) || !isToken(status.status)) {
          return errors.push({ pointer: `${at}/statuses/${s}`, message: 'must have an id and a status' });
        }
        const firstError = Array.isArray(status.errors) && isObject(status.errors[0]) ? status.errors[0].code : undefined;
        statuses.push({
          id: status.id,
          status: status.status,
          occurredAt: epochSeconds(status.timestamp),
          errorCode: (typeof firstError === 'number' && Number.isInteger(firstError)) || isToken(firstError) ? String(firstError) : null,
          raw: status,
        });
      });
      listAt(value, 'messages', at, errors, true).forEach((message, m) => {
        if (!isObject(message) || typeof message.from !== 'string') {
          return errors.push({ pointer: `${at}/messages/${m}/from`, message: 'must be the sender number' });
        }
        const text = message.type === 'text' && isObject(message.text) && typeof message.text.body === 'string' ? message.text.body : null;
        const button =
          message.type === 'button' && isObject(message.button) && typeof message.button.payload === 'string'
            ? { payload: message.button.payload, text: typeof message.button.text === 'string' ? message.button.text : null }
            : null;
        messages.push({ id: isToken(message.id) ? message.id : null, from: message.from, text, button, sentAt: epochSeconds(message.timestamp) });
      });
    });
  });
  if (errors.length) throw new DomainError('validation_failed', 'The webhook body is not a WhatsApp Cloud API notification', errors);
  return { statuses, messages };
}

function listAt(parent: unknown, key: string, at: string, errors: FieldError[], optional = false): unknown[] {
  const value = isObject(parent) ? parent[key] : undefined;
  if (value === undefined && optional) return [];
  if (Array.isArray(value)) return value;
  errors.push({ pointer: `${at}/${key}`, message: 'must be an array' });
  return [];
}

/** Ids, status words and codes: printable ASCII, as Meta writes them (`wamid.HBgL…`), never control characters. */
function isToken(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,512}$/.test(value);
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Meta's timestamps are Unix seconds, as strings. */
function epochSeconds(value: unknown): Date | null {
  const seconds = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : null;
}
