/**
 * The backend picker of the kit (`ui/controls.ts`) with its probes deferred: the kit checks every backend when the
 * picker is made, and creating the WebGL2 and WebGL test contexts took ~95 ms on this machine's SwiftShader, one
 * long task in the middle of the demo's first paint. Here each backend is probed in an idle period of its own after
 * the demo is shown; until then an option is offered and a start that fails is caught by the demo anyway.
 */
import { BACKEND_NAMES, backendMayStart, createSelect, type BackendSelect } from '../ui/index.js';

/** A labelled backend `<select>` whose unavailable options are disabled (with the reason) as the probes finish. */
export function createDeferredBackendSelect(current: string, onChange: (name: string) => void): BackendSelect & { destroy(): void } {
  const names: readonly string[] = BACKEND_NAMES;
  const list = names.includes(current) ? [...names] : [current, ...names];
  const s = createSelect('Backend', list.map((n) => [n, n] as const), current, onChange);
  s.select.classList.add('demo-backend');
  const markUnavailable = (name: string, reason: string): void => {
    const o = [...s.select.options].find((opt) => opt.value === name);
    if (!o) return;
    o.disabled = true;
    o.textContent = `${name} (unavailable)`;
    o.title = reason;
  };
  const queue = list.filter((n) => n !== current);
  let handle: number | undefined;
  const later = (f: () => void): number =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(f, { timeout: 2000 }) : (setTimeout(f, 50) as unknown as number);
  const next = (): void => {
    const name = queue.shift();
    if (name === undefined) return;
    const probe = backendMayStart(name);
    if (!probe.ok) markUnavailable(name, probe.reason ?? 'cannot start here');
    handle = later(next);
  };
  handle = later(next);
  return {
    ...s,
    markUnavailable,
    destroy() {
      if (handle === undefined) return;
      if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
      else clearTimeout(handle);
    },
  };
}
