/** The MLP playground's own rules (the kit's are in ../ui/style.ts): a three-panel grid that folds to one column. */
export const MLP_CSS = `
.mlp-demo .mlp-top { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
.mlp-demo .mlp-top .demo-speed { margin: 0; }
.mlp-demo .mlp-panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; margin-top: 0.5rem; }
.mlp-demo .mlp-panel { min-width: 0; }
.mlp-demo .mlp-panel h4, .mlp-demo .mlp-delta h4 { margin: 0 0 0.25rem; font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--fg-muted); }
.mlp-demo .mlp-panel .demo-field { width: 100%; justify-content: space-between; margin: 0.2rem 0; }
.mlp-demo .mlp-layers { list-style: none; padding: 0; margin: 0.25rem 0; }
.mlp-demo .mlp-layer { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem; margin: 0.3rem 0; }
.mlp-demo .mlp-layer-label { min-width: 5.5rem; font-size: 0.85rem; }
.mlp-demo .mlp-tiles { display: flex; flex-wrap: wrap; gap: 3px; width: 100%; }
.mlp-demo canvas.mlp-tile { width: 2.1rem; height: 2.1rem; border: 1px solid var(--border); border-radius: 3px; image-rendering: auto; }
.mlp-demo .mlp-boundary-box { position: relative; width: 100%; max-width: 22rem; }
.mlp-demo canvas.mlp-boundary { position: relative; display: block; width: 100%; aspect-ratio: 1 / 1; border: 1px solid var(--border); border-radius: var(--radius, 6px); cursor: crosshair; touch-action: manipulation; }
.mlp-demo canvas.mlp-surface { position: absolute; inset: 1px; width: calc(100% - 2px); height: calc(100% - 2px); border-radius: var(--radius, 6px); image-rendering: auto; pointer-events: none; }
.mlp-demo canvas.mlp-boundary:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.mlp-demo .mlp-losses { margin: 0.25rem 0; font-size: 0.85rem; }
.mlp-demo .mlp-class-pos { color: var(--c-blue); font-weight: 600; }
.mlp-demo .mlp-class-neg { color: var(--c-orange); font-weight: 600; }
.mlp-demo .mlp-delta h4 { text-transform: none; letter-spacing: 0; } /* δ must stay δ, not Δ */
.mlp-demo .mlp-delta { margin-top: 1rem; border-top: 1px solid var(--border); padding-top: 0.5rem; }
.mlp-demo .mlp-formula { margin: 0.35rem 0; overflow-wrap: anywhere; }
.mlp-demo .mlp-delta-table { border-collapse: collapse; font-size: 0.85rem; margin: 0.25rem 0; max-width: 100%; display: block; overflow-x: auto; }
.mlp-demo .mlp-delta-table caption { text-align: left; font-size: 0.8rem; }
.mlp-demo .mlp-delta-table th, .mlp-demo .mlp-delta-table td { padding: 0.1rem 0.5rem 0.1rem 0; text-align: left; white-space: nowrap; font-weight: normal; }
.mlp-demo .mlp-delta-table th { color: var(--fg-muted); }
.mlp-demo .mlp-message { color: var(--error); margin: 0.25rem 0; }
.mlp-demo .mlp-message:empty { display: none; }
@media (max-width: 480px) { .mlp-demo .mlp-panels { grid-template-columns: 1fr; } .mlp-demo .mlp-boundary-box { max-width: none; } }
`;
