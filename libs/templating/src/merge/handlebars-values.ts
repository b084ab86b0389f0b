import { escapeHtml, TrustedHtml } from './trusted-html';

/**
 * How Handlebars turns a value into output and into a condition. The merge
 * keeps these rules exactly: template authors write Handlebars and expect its
 * behaviour, and the differential spec holds the two side by side.
 */

/** `{{value}}` in HTML: trusted markup as is, nothing for null, `false`/`0` as words, the rest escaped. */
export function printHtml(value: unknown): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (value instanceof TrustedHtml) return value.html;
  if (value === null || value === undefined) return '';
  if (!value) return String(value);
  return escapeHtml(String(value));
}

/** `{{value}}` where nothing is HTML: nothing for null, everything else as JavaScript prints it. */
export function printText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return String(value);
}

/** Handlebars' `isEmpty`: what `{{#with}}` skips and what `{{#if}}` treats as false besides falsy values. */
export function isEmpty(value: unknown): boolean {
  if (!value && value !== 0) return true;
  return Array.isArray(value) && value.length === 0;
}

/** `{{#if value}}`: falsy (0 included) or an empty list is false. */
export function isTruthy(value: unknown): boolean {
  return !(!value || isEmpty(value));
}

/**
 * Handlebars reads only a value's own properties (the prototype is off limits),
 * and reading from nothing is an error the caller reports.
 */
export function ownProperty(parent: unknown, name: string): unknown {
  const value = (parent as Record<string, unknown>)[name];
  if (value === undefined || value === null) return value;
  return Object.prototype.hasOwnProperty.call(parent, name) ? value : undefined;
}
