/**
 * Native controls every demo shares: play/pause, step and reset buttons, a labelled `<select>`, the backend
 * picker and the speed readout. Plain DOM (no framework): `<button>`s and `<select>`s are keyboard and
 * screen-reader accessible as they are, and touch works without extra handlers. Call {@link injectKitStyles}
 * (style.ts) once to style them.
 */

/** Makes an element with a class and optional text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Sets `e`'s text only when it differs: writing even the same string replaces the text node, and every changed
 * line is a frame the compositor must draw again; on a CPU-rasterized page (SwiftShader) a frame with any damage
 * cost ~20 ms of the GPU process, one without none.
 */
export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** A native `<button type="button">` with a visible label (and an accessible name from it, or from `aria`). */
export function button(label: string, onClick: (ev: MouseEvent) => void, options: { aria?: string; title?: string; className?: string } = {}): HTMLButtonElement {
  const b = el('button', `demo-btn${options.className ? ` ${options.className}` : ''}`, label);
  b.type = 'button';
  if (options.aria) b.setAttribute('aria-label', options.aria);
  if (options.title) b.title = options.title;
  b.addEventListener('click', onClick);
  return b;
}

/** The play/pause, step and reset buttons. */
export interface Transport {
  /** A `.demo-row` with the three buttons. */
  element: HTMLElement;
  play: HTMLButtonElement;
  step: HTMLButtonElement;
  reset: HTMLButtonElement;
  /** Shows the state: the first button reads "Pause" while playing, "Play" otherwise (and `aria-pressed`). */
  setPlaying(playing: boolean): void;
}

/**
 * Play/pause (one toggle button), step and reset. `onToggle(true)` asks to play. Step is disabled while playing
 * (a step of a running loop means nothing to the reader).
 */
export function createTransport(handlers: { onToggle(play: boolean): void; onStep(): void; onReset(): void }, labels = { play: 'Play', pause: 'Pause', step: 'Step', reset: 'Reset' }): Transport {
  let playing = false;
  const play = button(labels.play, () => handlers.onToggle(!playing), { className: 'demo-primary demo-play' });
  const step = button(labels.step, () => handlers.onStep(), { className: 'demo-step', title: 'one training step' });
  const reset = button(labels.reset, () => handlers.onReset(), { className: 'demo-reset', title: 'new weights, same seed' });
  const element = el('div', 'demo-row demo-transport');
  element.append(play, step, reset);
  const t: Transport = {
    element, play, step, reset,
    setPlaying(p) {
      playing = p;
      play.textContent = p ? labels.pause : labels.play;
      play.setAttribute('aria-pressed', String(p));
      step.disabled = p;
    },
  };
  t.setPlaying(false);
  return t;
}

/** A labelled `<select>` (label text before it). */
export interface LabelledSelect {
  element: HTMLLabelElement;
  select: HTMLSelectElement;
  /** Sets the value without firing `onChange`. */
  set(value: string): void;
}

/** A `<label>` wrapping its text and a `<select>` of `options` (value, text); `onChange` gets the new value. */
export function createSelect(label: string, options: readonly (readonly [string, string])[], value: string, onChange: (value: string) => void): LabelledSelect {
  const element = el('label', 'demo-field');
  element.append(el('span', '', label));
  const select = el('select');
  for (const [v, text] of options) {
    const o = el('option', '', text);
    o.value = v;
    select.append(o);
  }
  select.value = value;
  select.addEventListener('change', () => onChange(select.value));
  element.append(select);
  return { element, select, set: (v) => void (select.value = v) };
}

/**
 * The backends a reader may pick, in the engine's order of preference: every one the engine registers but gpu.js
 * webasm, a CPU backend slower than the reference on every demo workload, which the pages' gpu.js leaves out
 * (`src/site/emit/gpu-js-for-pages.ts`).
 */
export const BACKEND_NAMES = ['reference', 'gpu.js-cpu', 'gpu.js-webgl2', 'gpu.js-webgl', 'gpu.js-webgpu'] as const;

/**
 * Whether a backend can plausibly start in this browser, without loading gpu.js: WebGL contexts are probed, WebGPU
 * by the presence of `navigator.gpu` (the picker then asks for an adapter, see {@link webGpuAdapterAnswers}), and
 * gpu.js webasm never starts (the pages' gpu.js has none). The demo still catches a start that fails.
 */
export function backendMayStart(name: string): { ok: boolean; reason?: string } {
  let probe = probed.get(name);
  if (!probe) probed.set(name, (probe = probeBackend(name)));
  return probe;
}

/** Probe results of this page: several demos, a remount, or a start after the picker's probe make no new context. */
const probed = new Map<string, { ok: boolean; reason?: string }>();

function probeBackend(name: string): { ok: boolean; reason?: string } {
  switch (name) {
    case 'reference':
    case 'gpu.js-cpu':
      return { ok: true };
    case 'gpu.js-webasm':
      return { ok: false, reason: 'not in the demos (the reference is faster)' };
    case 'gpu.js-webgl2':
    case 'gpu.js-webgl': {
      const kind = name === 'gpu.js-webgl2' ? 'webgl2' : 'webgl';
      try {
        const gl = document.createElement('canvas').getContext(kind);
        if (!gl) return { ok: false, reason: `no ${kind} context` };
        (gl as WebGLRenderingContext).getExtension('WEBGL_lose_context')?.loseContext();
        return { ok: true };
      } catch {
        return { ok: false, reason: `no ${kind} context` };
      }
    }
    case 'gpu.js-webgpu':
      return typeof navigator === 'object' && 'gpu' in navigator ? { ok: true } : { ok: false, reason: 'no WebGPU in this browser' };
    default:
      return { ok: false, reason: 'unknown backend' };
  }
}

let adapterAnswer: Promise<boolean> | null = null;

/**
 * Whether a WebGPU adapter answers here (asked once per page): `navigator.gpu` exists in browsers that then give
 * no adapter (headless Chromium without a GPU flag, a blocklisted driver).
 */
export function webGpuAdapterAnswers(): Promise<boolean> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  adapterAnswer ??= gpu ? gpu.requestAdapter().then((a) => a !== null, () => false) : Promise.resolve(false);
  return adapterAnswer;
}

/** The backend picker. */
export interface BackendSelect extends LabelledSelect {
  /** Disables an option that failed to start and says why (in its text and title). */
  markUnavailable(name: string, reason: string): void;
  /** Cancels probes not yet run (call it when the demo is destroyed). */
  destroy(): void;
}

/**
 * A labelled `<select>` of backends; those that cannot start here (see {@link backendMayStart}) are disabled with
 * the reason. The probes run one per idle period once the reader points at, focuses or touches the picker:
 * creating a WebGL2 or WebGL test context took 50–110 ms on SwiftShader, a long task wherever it falls (in the
 * demo's first paint if done at once, in its training if in idle time). Until a probe has run its option is
 * offered, and a start that fails is the demo's to catch (then {@link BackendSelect.markUnavailable}).
 * `current` is selected even when it is not in `names` (e.g. a `?backend=` override).
 */
export function createBackendSelect(current: string, onChange: (name: string) => void, names: readonly string[] = BACKEND_NAMES, label = 'Backend'): BackendSelect {
  const list = names.includes(current) ? names : [current, ...names];
  const s = createSelect(label, list.map((n) => [n, n] as const), current, onChange);
  s.select.classList.add('demo-backend');
  const markUnavailable = (name: string, reason: string): void => {
    const o = [...s.select.options].find((opt) => opt.value === name);
    if (!o) return;
    o.disabled = true;
    o.textContent = `${name} (unavailable)`;
    o.title = reason;
  };
  const queue = list.filter((n) => n !== current);
  let handle: ReturnType<typeof setTimeout> | number | undefined;
  const idle = typeof requestIdleCallback === 'function';
  const later = (f: () => void) => (idle ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 50));
  const next = (): void => {
    handle = undefined;
    const name = queue.shift();
    if (name === undefined) return;
    const probe = backendMayStart(name);
    if (!probe.ok) markUnavailable(name, probe.reason ?? 'cannot start here');
    else if (name === 'gpu.js-webgpu') void webGpuAdapterAnswers().then((ok) => ok || markUnavailable(name, 'no WebGPU adapter answered'));
    handle = later(next);
  };
  // Only once the reader reaches for the picker: each WebGL test context was a 50–110 ms task on SwiftShader, and
  // an idle period comes while a demo trains too (demo-profile.ts --from-play found them in the CNN's first second).
  let started = false;
  const begin = (): void => {
    if (started) return;
    started = true;
    handle = later(next);
  };
  for (const type of ['pointerenter', 'focus', 'touchstart'] as const) s.select.addEventListener(type, begin, { once: true, passive: true });
  // A WebGL backend the demo starts on is probed at once (in the first idle period after mount), so that pressing
  // Play, which asks it, makes no context while training begins (one 90 ms task in the CNN's start, bench:demos).
  const warm = /^gpu\.js-webgl/.test(current) ? later(() => void backendMayStart(current)) : undefined;
  return {
    ...s,
    markUnavailable,
    destroy() {
      for (const h of [handle, warm]) {
        if (h === undefined) continue;
        if (idle) cancelIdleCallback(h as number);
        else clearTimeout(h as ReturnType<typeof setTimeout>);
      }
      handle = undefined;
    },
  };
}

/** The "N examples/s on <backend>" readout. */
export interface SpeedReadout {
  element: HTMLElement;
  /** Shows the measured rate (rounded to 2–3 significant figures) and the backend that ran it. */
  update(perSecond: number, backend: string, unit?: string): void;
  /** Shows a message instead (e.g. "starting …", a backend error). */
  message(text: string): void;
}

/** A small muted line for the speed; `unit` defaults to "examples/s". */
export function createSpeedReadout(unit = 'examples/s'): SpeedReadout {
  const element = el('p', 'demo-speed');
  return {
    element,
    update(perSecond, backend, u = unit) {
      setText(element, `${formatRate(perSecond)} ${u} on ${backend}`);
    },
    message(text) {
      setText(element, text);
    },
  };
}

/** 12345 → "12 300", 45.6 → "45.6": enough digits to compare, not so many that they flicker. */
export function formatRate(v: number): string {
  if (!Number.isFinite(v) || v <= 0) return '0';
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  const rounded = v >= 1000 ? Math.round(v / 10 ** (Math.floor(Math.log10(v)) - 2)) * 10 ** (Math.floor(Math.log10(v)) - 2) : v;
  return rounded.toLocaleString('en-US', { maximumFractionDigits: digits }).replace(/,/g, '\u202f');
}
