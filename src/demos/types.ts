/**
 * The contract between the hydrator and a demo, and the DOM contract a page (and the tests) can rely on.
 *
 * DOM contract (see README.md): the demo's root is `<figure class="demo" data-demo="<type>" data-config='<json>'>`;
 * while it runs, the demo keeps `data-demo-state` (`loading` | `running` | `paused` | `error`),
 * `data-demo-backend`, `data-demo-steps` (steps done) and `data-demo-loss` (latest loss) up to date.
 */
import type { DemoConfigs, DemoType } from './config.js';

/** Files a demo may need besides its code; the build emits them with content hashes. */
export type DemoAssetName = 'worker' | 'mnist-train' | 'mnist-test' | 'cnn-weights';

/** What the hydrator gives a demo. */
export interface DemoEnv {
  /**
   * URL of an emitted file (the training Worker's script, MNIST, weights), or undefined when it was not built. The
   * Worker's script is an ES module: `new Worker(url, { type: 'module' })`.
   */
  asset(name: DemoAssetName): string | undefined;
  /** `?autostart` was in the page URL: start training at once. */
  autostart: boolean;
  /** `?backend=<name>` from the page URL: run on this backend instead of the stored pick (`ui/backend-choice.ts`). */
  backend: string | undefined;
  /** `prefers-reduced-motion: reduce`: draw less often, no animation. */
  reducedMotion: boolean;
}

/** A mounted demo. */
export interface DemoHandle {
  /** Stop training, release the engine's memory and Workers, remove listeners. */
  destroy(): void;
}

/** What each demo folder's `index.ts` exports. */
export interface DemoModule<T extends DemoType = DemoType> {
  /**
   * The complete config from a figure's `data-config` (the type's schema, defaults for what is missing or bad). In
   * the demo's own chunk, so the page's loader carries no schema.
   */
  readConfig(raw: Record<string, unknown>): DemoConfigs[T];
  /**
   * Replaces the static figure's interactive part with the live demo inside `root` (the figure itself keeps its
   * `data-demo` attributes and its caption), and starts training at once when `env.autostart`.
   */
  mount(root: HTMLElement, config: DemoConfigs[T], env: DemoEnv): DemoHandle | Promise<DemoHandle>;
}
