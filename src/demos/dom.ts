/**
 * Writes the DOM contract's live attributes on a demo's root (see types.ts). One place, so every demo reports the
 * same way and the tests read one format.
 */

/** The lifecycle a demo reports in `data-demo-state`. */
export type DemoState = 'idle' | 'loading' | 'running' | 'paused' | 'error';

/** What a demo reports; any field left out keeps its last value. */
export interface DemoStatus {
  state?: DemoState;
  /** The backend that runs (`reference`, `gpu.js-webgl2`, …). */
  backend?: string;
  /** Training steps done so far. */
  steps?: number;
  /** The latest training loss. */
  loss?: number;
}

/** Sets `data-demo-state`, `data-demo-backend`, `data-demo-steps`, `data-demo-loss` on `root`. */
export function reportStatus(root: HTMLElement, status: DemoStatus): void {
  if (status.state !== undefined) root.dataset.demoState = status.state;
  if (status.backend !== undefined) root.dataset.demoBackend = status.backend;
  if (status.steps !== undefined) root.dataset.demoSteps = String(status.steps);
  if (status.loss !== undefined) root.dataset.demoLoss = Number.isFinite(status.loss) ? status.loss.toPrecision(6) : String(status.loss);
}
