/**
 * Limits on uploaded brand assets; change one here only.
 *
 * Every email carries its assets inline, base64 adds a third, and Gmail clips
 * HTML past about 102 KB (hiding the pay button at the end): a logo belongs far
 * below this. Fonts, which only the PDF inlines usefully, need the headroom.
 */
export const MAX_ASSET_BYTES = 256 * 1024;
