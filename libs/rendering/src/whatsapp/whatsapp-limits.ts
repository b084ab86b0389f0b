/**
 * Limits Meta enforces on WhatsApp message templates (Cloud API). Meta refuses
 * a template that breaks one at registration, and a message that breaks one
 * at send time, so each is checked here before anything reaches Meta.
 *
 * Lengths are counted in UTF-16 code units, never fewer than the characters
 * Meta counts, so a text accepted here is not refused for its length there.
 */

/** Text header, after its parameter is filled. */
export const WHATSAPP_HEADER_MAX_CHARS = 60;
/** A text header may hold one parameter. */
export const WHATSAPP_HEADER_MAX_PARAMETERS = 1;
/** Body, after every parameter is filled: long data can push a valid template past it. */
export const WHATSAPP_BODY_MAX_CHARS = 1024;
/** Footer; it cannot hold parameters. */
export const WHATSAPP_FOOTER_MAX_CHARS = 60;

/** Buttons of every type together. */
export const WHATSAPP_MAX_BUTTONS = 10;
export const WHATSAPP_MAX_URL_BUTTONS = 2;
export const WHATSAPP_MAX_PHONE_BUTTONS = 1;
export const WHATSAPP_MAX_QUICK_REPLY_BUTTONS = 10;
export const WHATSAPP_MAX_COPY_CODE_BUTTONS = 1;
/** Label of a URL, phone or quick-reply button. */
export const WHATSAPP_BUTTON_LABEL_MAX_CHARS = 25;
/** A URL button's URL, with its variable filled. */
export const WHATSAPP_URL_MAX_CHARS = 2000;
/** The code a copy-code button puts on the clipboard. */
export const WHATSAPP_COPY_CODE_MAX_CHARS = 20;
/** The only variable a URL button may hold, and only at the end of the URL. */
export const WHATSAPP_URL_VARIABLE = '{{1}}';

export const WHATSAPP_TEMPLATE_NAME_MAX_CHARS = 512;
/** Template names: lowercase letters, digits and underscores. */
export const WHATSAPP_TEMPLATE_NAME_PATTERN = /^[a-z0-9_]+$/;
/** Named parameters (`{{customer_name}}`): lowercase letters, digits and underscores, not starting with a digit. */
export const WHATSAPP_PARAMETER_NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

/**
 * Meta refuses a parameter value holding a newline or a tab, or a run of more
 * spaces than this ("Param text cannot have new-line/tab characters or more
 * than 4 consecutive spaces").
 */
export const WHATSAPP_PARAMETER_MAX_CONSECUTIVE_SPACES = 4;

/** E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all. */
export const E164_PHONE_NUMBER_PATTERN = /^\+[1-9]\d{1,14}$/;
