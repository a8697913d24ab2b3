/** The CNN demo's own rules (under `.demo-cnn`), on the theme's custom properties so light and dark follow. */
export const CNN_CSS = `
.demo-cnn .cnn-h { font-weight: 600; margin: 0.25rem 0; }
.demo-cnn .cnn-status { margin: 0.25rem 0; }
.demo-cnn .cnn-small { font-size: 0.8rem; }
.demo-cnn .cnn-grid { display: grid; grid-template-columns: minmax(0, 280px) minmax(0, 1fr); gap: 1rem; align-items: start; }
@media (max-width: 640px) { .demo-cnn .cnn-grid { grid-template-columns: minmax(0, 1fr); } }
.demo-cnn .cnn-pad-wrap { width: 100%; max-width: 280px; }
.demo-cnn canvas.cnn-pad {
  display: block; width: 100%; aspect-ratio: 1; touch-action: none; cursor: crosshair;
  border: 1px solid var(--border); border-radius: var(--radius, 6px); background: var(--bg);
}
.demo-cnn .cnn-top3 { margin: 0.25rem 0; padding-left: 1.5rem; font-family: var(--font-mono, monospace); }
.demo-cnn .cnn-top3 li:first-child { font-weight: 700; }
.demo-cnn .cnn-bars { display: grid; gap: 2px; max-width: 280px; }
.demo-cnn .cnn-bar { display: grid; grid-template-columns: 1.2em 1fr; align-items: center; gap: 0.4rem; font-size: 0.75rem; }
.demo-cnn .cnn-bar i { display: block; height: 0.55rem; width: 0; background: var(--accent); border-radius: 2px; }
.demo-cnn .cnn-charts .demo-chart { height: 9rem; }
.demo-cnn .cnn-layer { margin: 0.4rem 0; }
.demo-cnn .cnn-layer-head { margin: 0 0 0.2rem; font-size: 0.8rem; }
.demo-cnn .cnn-tiles { display: flex; flex-wrap: wrap; gap: 3px; }
.demo-cnn canvas.cnn-tile {
  width: 3.2rem; height: 3.2rem; image-rendering: pixelated; background: var(--surface);
  border: 1px solid var(--border); border-radius: 2px;
}
.demo-cnn canvas.cnn-tile.cnn-strip { width: min(100%, 20rem); height: 1.2rem; }
.demo-cnn .cnn-filters canvas.cnn-tile { width: 2.4rem; height: 2.4rem; }
.demo-cnn .cnn-guess-grid { display: flex; flex-wrap: wrap; gap: 4px; }
.demo-cnn button.cnn-guess {
  display: inline-flex; flex-direction: column; align-items: center; gap: 1px; padding: 2px; font: inherit; font-size: 0.75rem;
  background: none; color: var(--fg); border: 2px solid transparent; border-radius: 4px; cursor: pointer; min-width: 2.75rem;
}
.demo-cnn button.cnn-guess canvas.cnn-tile { width: 2.2rem; height: 2.2rem; }
.demo-cnn button.cnn-guess.cnn-wrong { border-color: var(--error, #b42318); color: var(--error, #b42318); }
.demo-cnn .cnn-shapes ol { margin: 0.3rem 0; padding-left: 1.5rem; font-size: 0.8rem; }
@media (max-width: 480px) { .demo-cnn canvas.cnn-tile:not(.cnn-strip) { width: 2.5rem; height: 2.5rem; } }
`;
