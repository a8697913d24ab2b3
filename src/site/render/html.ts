/**
 * A tiny HTML template tag for theme layouts: every interpolated value is escaped unless it was marked
 * trusted with {@link raw} or is itself the result of `html`. Arrays are joined, `false`/`null`/`undefined`
 * render nothing, so conditionals read naturally (`${cond && html`…`}`).
 */

const TRUSTED = Symbol('trusted-html');

/** A string that is already HTML and must not be escaped again. */
export interface TrustedHtml {
  readonly [TRUSTED]: true;
  readonly value: string;
  toString(): string;
}

/** Marks a string as already-safe HTML (rendered note bodies, KaTeX output). */
export function raw(value: string): TrustedHtml {
  return { [TRUSTED]: true, value, toString: () => value };
}

/** Escapes text for use in HTML text and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Values a template may interpolate. */
export type HtmlValue = string | number | boolean | null | undefined | TrustedHtml | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(render).join('');
  return (value as TrustedHtml).value;
}

/** Tagged template that escapes interpolations and returns trusted HTML. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): TrustedHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return raw(out);
}
