/**
 * Small SVG string helpers shared by the diagram renderers. Everything here is deterministic (fixed number
 * formatting, ids from a hash of the source) so that two builds of the same note give byte-identical HTML.
 */
import { createHash } from 'node:crypto';

/** Escapes text for use in XML/HTML text content and double-quoted attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Formats a coordinate with at most two decimals and no trailing zeros; keeps the SVG small and makes the
 * output independent of floating-point noise in the last bits.
 */
export function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A short, stable id prefix for one diagram: `d` + the first 8 hex digits of SHA-1 over kind and source. */
export function diagramId(kind: string, source: string): string {
  return 'd' + createHash('sha1').update(kind).update('\0').update(source).digest('hex').slice(0, 8);
}

/** Rough width of a line of text in px: the figures use the page's own font, which we cannot measure at build. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // CJK and other wide characters take about a full em, Latin about 0.58 em on average.
    w += code >= 0x1100 ? 1 : /[il.,:;'|!]/.test(ch) ? 0.32 : /[mwMW@%×]/.test(ch) ? 0.85 : /[0-9]/.test(ch) ? 0.62 : 0.58;
  }
  return w * fontSize;
}

/** What every diagram SVG opens with: accessible name and description, sized by its viewBox. */
export interface SvgFrame {
  id: string;
  width: number;
  height: number;
  title: string;
  desc: string;
  /** Extra class on the `<svg>` element (the kind). */
  className: string;
}

/**
 * Opens an `<svg role="img">` with `<title>` and `<desc>` as its first children, labelled by them, so screen
 * readers announce the title and can read the summary; fonts inherit from the page (no web fonts).
 */
export function svgOpen(f: SvgFrame): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${escapeXml(f.className)}" id="${f.id}" role="img" ` +
    `aria-labelledby="${f.id}-title ${f.id}-desc" viewBox="0 0 ${num(f.width)} ${num(f.height)}" ` +
    `width="${num(f.width)}" height="${num(f.height)}" ` +
    `style="max-width:100%;height:auto;font-family:inherit;background:var(--diagram-bg, transparent)">` +
    `<title id="${f.id}-title">${escapeXml(f.title)}</title><desc id="${f.id}-desc">${escapeXml(f.desc)}</desc>`
  );
}

/** Theme colours as CSS custom properties with readable fallbacks (documented in README.md). */
export const COLORS = {
  fg: 'var(--diagram-fg, #222)',
  bg: 'var(--diagram-bg, transparent)',
  muted: 'var(--diagram-muted, #888)',
  accent: 'var(--diagram-accent, #d9480f)',
  conv: 'var(--diagram-conv, #4c6ef5)',
  pool: 'var(--diagram-pool, #12b886)',
  dense: 'var(--diagram-dense, #f59f00)',
  rnn: 'var(--diagram-rnn, #ae3ec9)',
  merge: 'var(--diagram-merge, #e64980)',
  series: [
    'var(--diagram-series-1, var(--diagram-accent, #d9480f))',
    'var(--diagram-series-2, #1c7ed6)',
    'var(--diagram-series-3, #2f9e44)',
    'var(--diagram-series-4, #ae3ec9)',
  ],
} as const;
