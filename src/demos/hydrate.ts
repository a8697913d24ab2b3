/**
 * The page's demo loader: the only demo script a note page with a demo loads up front (a few KB). It finds every
 * `figure[data-demo]`, and when one comes near the viewport (or its start button is pressed, or the URL has
 * `?autostart`) loads that demo's chunk and mounts it. Pages without a demo never load this file.
 *
 * Asset URLs (Worker, MNIST, weights) come from `__DANLU_DEMO_ASSETS__`, which the build defines when it bundles
 * this file: names relative to this script's own URL.
 */
import { reportStatus } from './dom.js';
import { DEMOS, isRegisteredDemo } from './registry.js';
import type { DemoAssetName, DemoEnv, DemoHandle } from './types.js';

declare const __DANLU_DEMO_ASSETS__: Partial<Record<DemoAssetName, string>> | undefined;
declare const __DANLU_DEMO_WORKERS__: Record<string, string> | undefined;

const assets: Partial<Record<DemoAssetName, string>> = typeof __DANLU_DEMO_ASSETS__ === 'undefined' ? {} : __DANLU_DEMO_ASSETS__;
/** Demo types built with a training Worker of their own (it shares their chunks), by type. */
const workers: Record<string, string> = typeof __DANLU_DEMO_WORKERS__ === 'undefined' ? {} : __DANLU_DEMO_WORKERS__;
const mounted = new WeakMap<HTMLElement, Promise<DemoHandle | undefined>>();

/** The environment every demo on this page gets. */
function pageEnv(): DemoEnv {
  const params = new URLSearchParams(location.search);
  return {
    asset: (name) => {
      const file = assets[name];
      return file === undefined ? undefined : new URL(file, import.meta.url).href;
    },
    autostart: params.has('autostart'),
    backend: params.get('backend') ?? undefined,
    reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
  };
}

/** Loads and mounts one demo (once); a failure is shown in the figure, never thrown into the page. */
function mount(root: HTMLElement, env: DemoEnv): Promise<DemoHandle | undefined> {
  const existing = mounted.get(root);
  if (existing) return existing;
  const run = (async () => {
    reportStatus(root, { state: 'loading' });
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(root.dataset.config ?? '{}');
      } catch {
        throw new Error('its data-config is not valid JSON');
      }
      const type = root.dataset.demo;
      if (!isRegisteredDemo(type)) throw new Error(`unknown demo type \`${String(type)}\`; valid types: ${Object.keys(DEMOS).join(', ')}`);
      const module = await DEMOS[type]();
      // The build wrote a complete config; the demo's own schema still reads it, as a hand-edited page may not have.
      const config = (module.readConfig as (r: Record<string, unknown>) => unknown)(raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});
      // Mounting replaces the static part, start button included: a keyboard reader whose focus was on it (focusing
      // it scrolls the figure into view, which mounts it) keeps focus in the demo, on its first control.
      const hadFocus = root.contains(document.activeElement);
      // Each branch narrows spec.config to its type's config.
      const own = workers[type];
      const demoEnv: DemoEnv = own ? { ...env, asset: (name) => (name === 'worker' ? new URL(own, import.meta.url).href : env.asset(name)) } : env;
      const handle = await (module.mount as (r: HTMLElement, c: unknown, e: DemoEnv) => DemoHandle | Promise<DemoHandle>)(root, config, demoEnv);
      // A removed or hidden control loses focus only at the next rendering update, so "still focused" means
      // "still in the figure and laid out".
      const shown = (e: Element | null): boolean => e !== null && root.contains(e) && e.getClientRects().length > 0;
      if (hadFocus && !shown(document.activeElement)) {
        [...root.querySelectorAll<HTMLElement>('button:not([disabled]), select, input')].find(shown)?.focus();
      }
      if (root.dataset.demoState === 'loading') reportStatus(root, { state: 'idle' });
      return handle;
    } catch (error) {
      reportStatus(root, { state: 'error' });
      const box = document.createElement('p');
      box.className = 'demo-error';
      box.setAttribute('role', 'alert');
      box.textContent = `This demo could not start: ${error instanceof Error ? error.message : String(error)}`;
      root.append(box);
      console.error('danlu demo', root.dataset.demo, error);
      return undefined;
    }
  })();
  mounted.set(root, run);
  return run;
}

/** Wires every demo figure on the page. */
export function hydrateDemos(doc: Document = document): void {
  const roots = [...doc.querySelectorAll<HTMLElement>('figure[data-demo]')];
  if (roots.length === 0) return;
  const env = pageEnv();
  const near: IntersectionObserver | undefined = 'IntersectionObserver' in globalThis
    ? new IntersectionObserver(
        (entries, observer) => {
          for (const e of entries) {
            if (!e.isIntersecting) continue;
            observer.unobserve(e.target);
            void mount(e.target as HTMLElement, env);
          }
        },
        { rootMargin: '200px 0px' },
      )
    : undefined;
  for (const root of roots) {
    for (const button of root.querySelectorAll<HTMLButtonElement>('button.demo-start')) {
      button.hidden = false;
      button.addEventListener('click', () => void mount(root, { ...env, autostart: true }), { once: true });
    }
    if (env.autostart || !near) void mount(root, env);
    else near.observe(root);
  }
}

hydrateDemos();
