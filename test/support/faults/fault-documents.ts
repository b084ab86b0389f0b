import { fixture } from '../fixtures';

/**
 * Document `index` of a run tagged `tag`: the sample US invoice, dispatched by
 * email only (HTML and text, no PDF), to a recipient of its own, so each message
 * is told apart by its recipient as well as by its `Message-ID`. Email without a
 * PDF is the cheapest channel to render, so the load measures dispatch, not Chromium.
 */
export function emailInvoice(tag: string, index: number): Record<string, unknown> {
  const body = fixture('invoice-en-us.json');
  body.externalRef = `${tag}-${index}`;
  body.channels = ['email'];
  body.dispatch = true;
  body.recipient.email = `customer-${index}@${tag.toLowerCase()}.example`;
  body.recipient.channels = ['email'];
  delete body.recipient.phone;
  return body;
}

/**
 * Document `index` of a run tagged `tag`: the sample US invoice, sent on `channels`
 * in that order (the first that works), to a phone, a WhatsApp number and an
 * email address of its own, so each provider's requests and each mail are
 * told apart by recipient. Indexes up to 9999.
 */
export function phoneInvoice(tag: string, index: number, channels: string[]): Record<string, any> {
  const body = fixture('invoice-en-us.json');
  const suffix = String(index).padStart(4, '0');
  body.externalRef = `${tag}-${index}`;
  body.channels = channels;
  body.dispatch = true;
  body.recipient.phone = `+1212555${suffix}`;
  body.recipient.whatsapp = `+1718555${suffix}`;
  body.recipient.email = `customer-${index}@${tag.toLowerCase()}.example`;
  body.recipient.channels = channels;
  return body;
}
