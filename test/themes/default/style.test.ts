/**
 * The default stylesheet: both palettes are complete and meet WCAG AA, dark mode follows the system and the
 * toggle, print has its own rules, and every class the pipeline and the layouts emit is styled.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultTheme } from '../../../themes/default/index.js';
import { classNames, parse } from './dom.js';
import { everyLayout } from './fixtures.js';

const css = readFileSync(join(defaultTheme.assetsDir, 'style.css'), 'utf8');

/** The declarations inside the first `{…}` that follows `selector` (at or after `from`). */
function block(selector: string, from = 0): string {
  const at = css.indexOf(selector, from);
  assert.ok(at >= 0, `style.css has ${selector}`);
  const open = css.indexOf('{', selector.endsWith('{') ? at : at + selector.length);
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return css.slice(open + 1, i);
  }
  throw new Error(`unclosed block after ${selector}`);
}

function customProperties(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) out.set(m[1]!, m[2]!.trim());
  return out;
}

const light = customProperties(block(':root {'));
const darkSystem = customProperties(block(':root:not([data-theme="light"]) {', css.indexOf('@media screen and (prefers-color-scheme: dark)')));
const darkChosen = customProperties(block(':root[data-theme="dark"] {'));

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  assert.ok(m, `${hex} is a 6-digit hex colour`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color-mix(in srgb, a p%, b)`, as the callout background is computed. */
function mix(a: Rgb, b: Rgb, p: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! * p + b[i]! * (1 - p))) as Rgb;
}

function palette(vars: Map<string, string>, name: string) {
  return (v: string): Rgb => {
    const value = vars.get(v) ?? light.get(v);
    assert.ok(value, `${name} palette defines ${v}`);
    return rgb(value);
  };
}

const CALLOUT_COLOURS = ['--c-blue', '--c-cyan', '--c-green', '--c-yellow', '--c-orange', '--c-red', '--c-purple', '--c-gray'];

describe('default theme stylesheet', () => {
  it('defines light and dark palettes with the same colour variables, diagrams included', () => {
    const colourVars = [...light.keys()].filter((k) => /^#/.test(light.get(k)!));
    for (const v of ['--bg', '--fg', '--link', '--diagram-fg', '--diagram-bg', '--diagram-accent', '--diagram-muted', '--diagram-grid']) {
      assert.ok(colourVars.includes(v), `light palette has ${v}`);
    }
    assert.deepEqual([...darkSystem.keys()].sort(), colourVars.sort(), 'system-dark block redefines every colour');
    assert.deepEqual(darkChosen, darkSystem, 'chosen-dark and system-dark palettes are identical');
    assert.notEqual(darkSystem.get('--bg'), light.get('--bg'));
    assert.notEqual(darkSystem.get('--diagram-fg'), light.get('--diagram-fg'));
  });

  it('lets html[data-theme] override the system preference', () => {
    assert.match(css, /@media screen and \(prefers-color-scheme: dark\)\s*\{\s*:root:not\(\[data-theme="light"\]\)/);
    assert.match(css, /:root\[data-theme="dark"\]\s*\{[^}]*color-scheme: dark/);
  });

  for (const [mode, vars] of [['light', light], ['dark', darkSystem]] as const) {
    it(`meets WCAG AA contrast in ${mode} mode`, () => {
      const c = palette(vars, mode);
      const text: [string, string][] = [
        ['--fg', '--bg'], ['--fg', '--surface'], ['--fg', '--surface-2'],
        ['--fg-muted', '--bg'], ['--fg-muted', '--surface'], ['--fg-muted', '--surface-2'],
        ['--link', '--bg'], ['--link', '--surface-2'], ['--link-hover', '--bg'],
        ['--mark-fg', '--mark-bg'], ['--code-fg', '--code-bg'], ['--error', '--error-bg'], ['--error', '--bg'],
        ['--diagram-fg', '--diagram-bg'], ['--diagram-muted', '--diagram-bg'], ['--diagram-fg', '--diagram-surface'],
        ['--diagram-error-fg', '--diagram-error-bg'],
      ];
      for (const [fg, bg] of text) {
        const ratio = contrast(c(fg), c(bg));
        assert.ok(ratio >= 4.5, `${mode}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1, below 4.5`);
      }
      // Non-text: focus ring and accent marks need 3:1 against the page.
      const marks = ['--focus', '--accent', '--diagram-accent', '--diagram-line', '--diagram-conv', '--diagram-pool',
        '--diagram-dense', '--diagram-rnn', '--diagram-merge', '--diagram-series-1', '--diagram-series-2',
        '--diagram-series-3', '--diagram-series-4'];
      for (const v of marks) {
        const ratio = contrast(c(v), c('--bg'));
        assert.ok(ratio >= 3, `${mode}: ${v} on --bg is ${ratio.toFixed(2)}:1, below 3`);
      }
      // Callout titles are coloured text on a 7% tint of the same colour.
      for (const v of CALLOUT_COLOURS) {
        const tint = mix(c(v), c('--bg'), 0.07);
        const title = contrast(c(v), tint);
        const body = contrast(c('--fg'), tint);
        assert.ok(title >= 4.5, `${mode}: callout title ${v} is ${title.toFixed(2)}:1`);
        assert.ok(body >= 4.5, `${mode}: callout body on ${v} tint is ${body.toFixed(2)}:1`);
      }
    });
  }

  it('gives Shiki\'s css-variables tokens a light and a dark palette, readable on the code background', () => {
    assert.match(block('.shiki.css-variables {'), /color: var\(--shiki-foreground\)/);
    assert.match(block('.shiki.css-variables {'), /background-color: var\(--shiki-background\)/);
    for (const [mode, vars] of [['light', light], ['dark', darkSystem]] as const) {
      const c = palette(vars, mode);
      for (const token of ['--shiki-token-keyword', '--shiki-token-string', '--shiki-token-comment', '--shiki-token-function', '--shiki-token-constant']) {
        const ratio = contrast(c(token), c('--code-bg'));
        assert.ok(ratio >= 4.5, `${mode}: ${token} is ${ratio.toFixed(2)}:1 on the code background`);
      }
    }
  });

  it('has print rules: no navigation, external URLs shown, light colours', () => {
    const print = block('@media print {');
    for (const sel of ['.site-nav', '.theme-toggle', '.toc', '.pagination']) assert.ok(print.includes(sel), `print hides ${sel}`);
    assert.match(print, /display: none/);
    assert.match(print, /content: " \(" attr\(href\) "\)"/);
    assert.match(print, /--bg: #fff/);
    // Dark palettes are screen-only, so print never inherits a dark background.
    assert.ok(!/@media (print|all)[^{]*\{[^@]*data-theme="dark"/.test(css));
  });

  it('is responsive, CJK-aware, self-contained and keeps focus visible', () => {
    assert.match(css, /--measure: 7\dch/);
    assert.match(css, /@media \(min-width: [\d.]+rem\)/);
    for (const font of ['"PingFang SC"', '"Hiragino Sans GB"', '"Noto Sans CJK SC"', '"Microsoft YaHei"']) {
      assert.ok(block(':root {').includes(font), `font stack has ${font}`);
    }
    assert.match(block(':lang(zh) body'), /line-height: 1\.[78]/);
    assert.match(block(':focus-visible {'), /outline: \dpx solid var\(--focus\)/);
    assert.ok(!/@import|url\(\s*["']?https?:/.test(css), 'no fonts or styles from a CDN');
    // Wide content scrolls in its own box.
    assert.match(block('.prose table {'), /overflow-x: auto/);
    assert.match(block('pre {'), /overflow-x: auto/);
    assert.match(block('.math-display,\n.katex-display {'), /overflow-x: auto/);
    assert.match(block('img,\nvideo {'), /height: auto/);
  });

  it('styles everything the markdown pipeline emits', () => {
    const selectors = [
      '.callout', 'details.callout > summary', '.callout-title', 'mark', '.math-display', '.math-inline', '.math-error',
      'figure.diagram', 'a.heading-anchor', 'section.footnotes', '.contains-task-list', '.task-list-item',
      '.wikilink-unresolved', '.sr-only', '.prose table', '[data-footnote-ref]',
      ...['note', 'info', 'tip', 'warning', 'danger', 'example', 'quote', 'abstract', 'todo', 'success', 'question', 'failure', 'bug']
        .map((type) => `.callout-${type}`),
    ];
    for (const s of selectors) {
      const re = new RegExp(`(^|[\\s,}])${s.replace(/[.*+?^${}()|[\]\\>]/g, '\\$&')}(?=[\\s,:{.\\[])`, 'm');
      assert.match(css, re, `style.css styles ${s}`);
    }
  });

  it('styles every class the layouts emit (hooks that only name the layout excepted)', () => {
    const used = new Set<string>();
    for (const language of ['zh-CN', 'en'] as const) {
      for (const ctx of everyLayout(language)) {
        for (const c of classNames(parse(String(defaultTheme.render(ctx))))) used.add(c);
      }
    }
    // Classes that come from the fixture's note body are the pipeline's (checked above), and layout-* name the
    // page for authors' custom CSS.
    const hooks = /^(layout-|shiki|github-|line$|math$|katex|callout-content$|post$|home-header$|w1$|page-prev$|post-nav-prev$|meta-item$|meta-categories$|meta-reading$|icon$|wikilink$)/;
    // Every stylesheet the theme lists counts (search.css styles the header's search box).
    const allCss = defaultTheme.styles.map((f) => readFileSync(join(defaultTheme.assetsDir, '..', f), 'utf8')).join('\n');
    const missing = [...used].filter((c) => !hooks.test(c) && !new RegExp(`\\.${c}(?![\\w-])`).test(allCss));
    assert.deepEqual(missing, [], `unstyled classes: ${missing.join(', ')}`);
  });
});
