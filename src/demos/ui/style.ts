/**
 * The demos' stylesheet, injected by the demo code (the theme knows nothing of the live parts): once per page per
 * id, built on the theme's CSS custom properties (`--fg`, `--surface`, `--border`, `--accent`, `--c-*`, …) so light
 * and dark follow the reader's choice with no extra rules here.
 */

const injected = new Set<string>();

/**
 * Adds `css` to the page once for `id` (a second call with the same id does nothing). Uses a constructed
 * stylesheet where the browser has them (no `<style>` element for a strict CSP to refuse), else a `<style>`.
 */
export function injectStyles(id: string, css: string, doc: Document = document): void {
  const key = `${id}`;
  if (injected.has(key) || doc.querySelector(`style[data-demo-style="${id}"]`)) return;
  injected.add(key);
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return;
  } catch {
    // Older engines: fall through to an element.
  }
  const el = doc.createElement('style');
  el.dataset.demoStyle = id;
  el.textContent = css;
  doc.head.append(el);
}

/** True when the reader asked for less motion (`prefers-reduced-motion: reduce`). */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * The kit's own rules (controls, charts, sliders, readouts), under `.demo-ui`. Demos add theirs with
 * {@link injectStyles} and their own id.
 *
 * `.demo-ui` is its own compositing layer (`will-change: transform`): a readout that changes while the net trains
 * then re-rasterizes the demo's tiles only, not the note's around it. In the page's layer each changed line of
 * text re-rasterized a strip of the note (formulas, code) — on a CPU-rasterized GPU (SwiftShader) 10–100 ms of the
 * GPU process per change, the main cause of 6–34 frames/s while training (bench:demos).
 */
export const KIT_CSS = `
.demo-ui { font-family: var(--font-sans, system-ui, sans-serif); color: var(--fg); font-size: 0.9rem; line-height: 1.4; will-change: transform; }
.demo-ui *, .demo-ui *::before, .demo-ui *::after { box-sizing: border-box; }
.demo-ui [hidden] { display: none !important; }
.demo-ui .demo-row { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: center; margin: 0.5rem 0; }
.demo-ui button.demo-btn {
  font: inherit; min-height: 2.25rem; min-width: 2.25rem; padding: 0.3rem 0.75rem; border-radius: var(--radius, 6px);
  border: 1px solid var(--border); background: var(--surface); color: var(--fg); cursor: pointer; touch-action: manipulation;
}
.demo-ui button.demo-btn:hover { border-color: var(--accent); }
.demo-ui button.demo-btn[aria-pressed="true"], .demo-ui button.demo-btn.demo-primary { background: var(--accent); border-color: var(--accent); color: var(--bg); }
.demo-ui button.demo-btn:disabled { opacity: 0.5; cursor: default; }
.demo-ui :focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.demo-ui label.demo-field { display: inline-flex; align-items: center; gap: 0.35rem; }
.demo-ui select, .demo-ui input[type="number"] {
  font: inherit; min-height: 2.25rem; padding: 0.2rem 0.4rem; border-radius: var(--radius, 6px);
  border: 1px solid var(--border); background: var(--bg); color: var(--fg);
}
.demo-ui input[type="range"] { accent-color: var(--accent); width: 8rem; min-height: 2rem; }
.demo-ui output, .demo-ui .demo-num { font-family: var(--font-mono, monospace); font-variant-numeric: tabular-nums; }
.demo-ui .demo-speed { color: var(--fg-muted); font-size: 0.85rem; }
.demo-ui .demo-chart { display: block; width: 100%; height: 8rem; }
.demo-ui .demo-legend { display: flex; gap: 0.75rem; font-size: 0.8rem; color: var(--fg-muted); }
.demo-ui .demo-legend i { display: inline-block; width: 0.8em; height: 0.25em; vertical-align: middle; margin-right: 0.3em; }
.demo-ui .demo-muted { color: var(--fg-muted); }
@media (max-width: 480px) { .demo-ui input[type="range"] { width: 6.5rem; } }
@media (prefers-reduced-motion: reduce) { .demo-ui * { transition: none !important; animation: none !important; } }
`;

/** Injects {@link KIT_CSS} (once per page). */
export function injectKitStyles(doc: Document = document): void {
  injectStyles('demo-ui', KIT_CSS, doc);
}
