/**
 * Email facts the renderer checks against. Sources: Gmail's clipping behaviour
 * and RFC 5322, as recorded in the channel brief; change a limit here only.
 */

/** Gmail clips a message whose HTML exceeds about 102 KB, hiding its end (where the pay button is). */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/** Size past which a message is reported as close to clipping, leaving room for tracking and provider rewrites. */
export const HTML_BUDGET_BYTES = 80 * 1024;

/** RFC 5322 recommends header lines of at most 78 characters; longer subjects are cut in most inbox lists. */
export const SUBJECT_RECOMMENDED_MAX_CHARS = 78;

/** Compiled MJML kept per (version, direction, language); a few hundred cover every version in use. */
export const EMAIL_COMPILE_CACHE_SIZE = 256;
