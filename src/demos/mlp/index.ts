/**
 * The MLP playground (TensorFlow Playground's idea, with the note's sigmoid network and its δ): pick a data set or
 * place points, shape the hidden layers, train in the page with `train()`'s frame budget on the backend shown (and
 * switchable), and watch the decision surface, every neuron's output, the train/test losses and one example's δ.
 * The state lives in the URL hash (`#mlp=…`), so a configuration can be shared.
 */
import { applySchema } from '../options.js';
import { mlpSchema, type MlpConfig } from './config.js';
import { reportStatus } from '../dom.js';
import type { DemoHandle, DemoModule } from '../types.js';
import { backendMayStart, button, createBackendSelect, createSelect, createSpeedReadout, createTransport, el, formatRate, setText } from '../ui/controls.js';
import { createLineChart } from '../ui/chart.js';
import { createSlider } from '../ui/slider.js';
import { injectKitStyles, injectStyles, prefersReducedMotion } from '../ui/style.js';
import { measureInBackground, startingBackend } from '../ui/backend-choice.js';
import { createDeltaPanel } from './delta-panel.js';
import { nearestPoint, paintPoints, paintSurface, paintTile, readPalette, signedFor, toPlane } from './paint.js';
import { PlaygroundSession, type GridOutputs } from './session.js';
import { MLP_CSS } from './styles.js';
import { type CustomPoint, encodeState, hashKey, readHash, writeHash } from './url-state.js';

const DATASETS: readonly (readonly [string, string])[] = [['circle', 'Circle'], ['xor', 'XOR'], ['gauss', 'Gaussian'], ['spiral', 'Spiral'], ['custom', 'Custom (place points)']];
const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** Grid cells per side of the decision surface and the neuron tiles: coarse, so a refresh costs < 1 ms. */
const GRID = 30;
const MAX_LAYERS = 6, MAX_NEURONS = 16;
/** The name of the error a WebGL backend gets when the page itself has no WebGL. */
const NO_PAGE_WEBGL = 'NoPageWebGL';

/** Mounts the MLP playground in `root`. */
/** Reads a figure's `data-config` with the MLP schema (see `DemoModule.readConfig`). */
export const readConfig: DemoModule<'mlp'>['readConfig'] = (raw) => applySchema(mlpSchema, raw).config;

export const mount: DemoModule<'mlp'>['mount'] = async (root, figureConfig, env) => {
  injectKitStyles();
  injectStyles('demo-mlp', MLP_CSS);
  const key = hashKey([...document.querySelectorAll('figure[data-demo="mlp"]')].indexOf(root));
  const fromUrl = readHash(location.hash, key);
  let config: MlpConfig = { ...figureConfig, ...(fromUrl?.config ?? {}) };
  let custom: CustomPoint[] = fromUrl?.custom ?? [];
  const reduced = env.reducedMotion || prefersReducedMotion();
  const workerUrl = env.asset('worker');
  // A gpu.js backend trains in the Worker unless the reader unticks "in a Worker": on SwiftShader a WebGL2 step
  // took 45–90 ms on the page with ~1 s shader compiles (long tasks no chunking can cut), none of which the page
  // feels from the Worker. The reference stays on the page: ~0.06 ms a step, no round trip of weights to draw.
  let useWorker = workerUrl !== undefined && typeof Worker === 'function';
  const sessionOptions = () => (useWorker && workerUrl ? { workerUrl } : {});
  const refreshMs = reduced ? 500 : 100;

  // ---- DOM ----
  const ui = el('div', 'demo-ui mlp-demo');
  const staticPart = root.querySelector<HTMLElement>('.demo-static');
  // The static figure's CSS may set `display`, which beats the `hidden` attribute.
  if (staticPart) {
    staticPart.hidden = true;
    staticPart.style.display = 'none';
  }
  const caption = root.querySelector('figcaption');
  root.insertBefore(ui, caption);

  const message = el('p', 'mlp-message');
  message.setAttribute('role', 'status');
  const transport = createTransport({ onToggle: (play) => void (play ? start() : pause()), onStep: () => void stepOnce(), onReset: () => void rebuild(config) });
  const stepsOut = el('span', 'demo-num mlp-steps', 'step 0');
  const speed = createSpeedReadout();
  speed.message('not started');
  // What choosing a backend times, and the key its pick is stored under (see ui/backend-choice.ts).
  const workload = `mlp 2-${config.hidden.join('-')}-1 ${config.activation} b${config.batchSize}`;
  let backendName = startingBackend(env, workload);
  const backendSelect = createBackendSelect(backendName, (name) => void switchBackend(name));
  const workerBox = el('input');
  workerBox.type = 'checkbox';
  workerBox.className = 'mlp-worker';
  const workerLabel = el('label', 'demo-field');
  workerLabel.title = 'Train a gpu.js backend on the Worker thread: the page never waits for a step, but here each step costs more';
  workerBox.checked = useWorker;
  workerLabel.append(workerBox, 'in a Worker');
  workerLabel.hidden = !workerUrl;
  workerBox.addEventListener('change', () => {
    useWorker = workerBox.checked;
    void switchBackend(backendName);
  });
  const syncWorkerBox = () => void (workerBox.disabled = backendName === 'reference');
  const top = el('div', 'mlp-top');
  const left = el('div', 'demo-row');
  left.append(transport.element, stepsOut);
  const right = el('div', 'demo-row');
  right.append(backendSelect.element, workerLabel, speed.element);
  top.append(left, right);

  // Data panel.
  const dataPanel = el('section', 'mlp-panel');
  dataPanel.append(el('h4', '', 'Data'));
  const datasetSel = createSelect('Data set', DATASETS, config.dataset, (v) => void change({ dataset: v }, true));
  let placeClass: 1 | -1 = 1;
  const classSel = createSelect('Place class', [['1', 'blue (+1)'], ['-1', 'orange (−1)']], '1', (v) => void (placeClass = v === '1' ? 1 : -1));
  const clearBtn = button('Clear points', () => {
    custom = [];
    void dataChanged();
  });
  const customRow = el('div', 'demo-row mlp-custom');
  customRow.append(classSel.element, clearBtn);
  const noise = createSlider({ label: 'Noise', min: 0, max: 0.5, step: 0.05, value: config.noise, format: (v) => `${Math.round(v * 100)} %`, onChange: (v) => void change({ noise: v }, true) });
  const ratio = createSlider({ label: 'Training share', min: 0.1, max: 0.9, step: 0.1, value: config.trainRatio, format: (v) => `${Math.round(v * 100)} %`, onChange: (v) => void change({ trainRatio: v }, true) });
  // 1–64 as the Playground's 1–30 and a bit more; a note's larger batch widens the slider rather than misreport it.
  const batchMax = Math.max(64, config.batchSize);
  const batch = createSlider({ label: 'Batch size', min: 1, max: batchMax, step: 1, value: config.batchSize, onChange: (v) => void change({ batchSize: v }, false) });
  const seedOut = el('span', 'demo-num');
  const seedRow = el('div', 'demo-row');
  seedRow.append(button('New seed', () => void change({ seed: (config.seed + 1) >>> 0 }, true), { title: 'new points and new initial weights' }), seedOut);
  const countOut = el('p', 'demo-muted mlp-count');
  dataPanel.append(datasetSel.element, customRow, noise.element, ratio.element, batch.element, seedRow, countOut);

  // Network panel.
  const netPanel = el('section', 'mlp-panel');
  netPanel.append(el('h4', '', 'Network'));
  const actSel = createSelect('Activation', [['sigmoid', 'sigmoid'], ['tanh', 'tanh'], ['relu', 'ReLU']], config.activation, (v) => void change({ activation: v }, true));
  const lrSel = createSelect('Learning rate', LEARNING_RATES.map((v) => [String(v), String(v)] as const), String(config.learningRate), (v) => {
    config = { ...config, learningRate: Number(v) };
    session?.setLearningRate(Number(v));
    saveUrl();
  });
  if (!LEARNING_RATES.includes(config.learningRate)) {
    const o = el('option', '', String(config.learningRate));
    o.value = String(config.learningRate);
    lrSel.select.prepend(o);
    lrSel.select.value = o.value;
  }
  const optSel = createSelect('Optimizer', [['sgd', 'SGD'], ['momentum', 'Momentum'], ['adam', 'Adam']], config.optimizer, (v) => void change({ optimizer: v }, true));
  const layerHead = el('div', 'demo-row');
  const layerCount = el('span');
  layerHead.append(layerCount,
    button('+', () => config.hidden.length < MAX_LAYERS && void change({ hidden: [...config.hidden, 2] }, true), { aria: 'add a hidden layer' }),
    button('−', () => config.hidden.length > 0 && void change({ hidden: config.hidden.slice(0, -1) }, true), { aria: 'remove the last hidden layer' }));
  const layerList = el('ol', 'mlp-layers');
  netPanel.append(actSel.element, lrSel.element, optSel.element, layerHead, layerList);
  let tiles: HTMLCanvasElement[][] = [];

  // Output panel.
  const outPanel = el('section', 'mlp-panel');
  outPanel.append(el('h4', '', 'Output'));
  const boxEl = el('div', 'mlp-boundary-box');
  // The surface under the points: its own canvas, so a refresh while training redraws only the surface.
  const surface = el('canvas', 'mlp-surface');
  surface.setAttribute('aria-hidden', 'true');
  const canvas = el('canvas', 'mlp-boundary');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  boxEl.append(surface, canvas);
  const showTest = el('input');
  showTest.type = 'checkbox';
  const showTestLabel = el('label', 'demo-field');
  showTestLabel.append(showTest, 'Show test points (hollow)');
  showTest.addEventListener('change', () => requestDraw(true));
  const lossOut = el('p', 'mlp-losses demo-num');
  const chart = createLineChart({ label: 'Loss over training steps', series: [{ name: 'train loss', color: '--c-blue' }, { name: 'test loss', color: '--c-orange', dashed: true }], log: true });
  outPanel.append(boxEl, showTestLabel, lossOut, chart.element);

  const panels = el('div', 'mlp-panels');
  panels.append(dataPanel, netPanel, outPanel);
  let chosen: number | undefined;
  const delta = createDeltaPanel((by) => {
    const n = session ? session.train.n + (showTest.checked ? session.test.n : 0) : 0;
    if (!n) return;
    chosen = chosen === undefined ? (by > 0 ? 0 : n - 1) : (chosen + by + n) % n;
    requestDraw(true);
  });
  ui.append(top, message, panels, delta.element);

  // ---- state ----
  let session: PlaygroundSession | undefined;
  let playing = false;
  let destroyed = false;
  let cursor: [number, number] | undefined;
  let lastRefresh = -Infinity;
  let lastChartStep = -1;
  let rate = { t: 0, steps: 0, perSecond: 0 };
  let frame = 0;
  let dirty = true;
  /** What the points canvas shows (sets, chosen, cursor, size, palette): it is redrawn only when one changes. */
  let drawnPoints: unknown[] = [];

  /** A `transient` message (a hint, a training error) is cleared by the next start; a backend note stays. */
  const setMessage = (text: string, transient = false) => {
    message.textContent = text;
    message.dataset.transient = String(transient);
  };

  function saveUrl(): void {
    const hash = writeHash(location.hash, key, encodeState(config, custom));
    try {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    } catch {
      // A sandboxed or file: page may refuse; the demo works the same without a shareable URL.
    }
  }

  function syncControls(): void {
    datasetSel.set(config.dataset);
    customRow.hidden = config.dataset !== 'custom';
    noise.element.hidden = config.dataset === 'custom';
    noise.set(config.noise);
    ratio.set(config.trainRatio);
    batch.set(Math.min(batchMax, config.batchSize));
    actSel.set(config.activation);
    optSel.set(config.optimizer);
    seedOut.textContent = `seed ${config.seed}`;
    layerCount.textContent = `${config.hidden.length} hidden layer${config.hidden.length === 1 ? '' : 's'}`;
    canvas.setAttribute('aria-label', config.dataset === 'custom'
      ? 'Decision surface. Click or tap to place a point of the chosen class (on a point: choose it); arrow keys move a cursor, Enter places.'
      : 'Decision surface with the points. Click or tap a point to see its δ; arrow keys move a cursor, Enter chooses the nearest point.');
    buildLayers();
  }

  function buildLayers(): void {
    layerList.replaceChildren();
    tiles = [];
    config.hidden.forEach((n, l) => {
      const li = el('li', 'mlp-layer');
      const label = el('span', 'mlp-layer-label', `Layer ${l + 1}: ${n}`);
      const set = (k: number) => {
        const hidden = [...config.hidden];
        hidden[l] = Math.max(1, Math.min(MAX_NEURONS, k));
        void change({ hidden }, true);
      };
      const row = el('div', 'mlp-tiles');
      const layerTiles = Array.from({ length: n }, (_, j) => {
        const c = el('canvas', 'mlp-tile');
        c.setAttribute('role', 'img');
        c.setAttribute('aria-label', `layer ${l + 1} neuron ${j + 1} output over the plane`);
        row.append(c);
        return c;
      });
      tiles.push(layerTiles);
      li.append(label, button('+', () => set(n + 1), { aria: `one more neuron in layer ${l + 1}` }), button('−', () => set(n - 1), { aria: `one neuron fewer in layer ${l + 1}` }), row);
      layerList.append(li);
    });
  }

  // ---- training ----
  function report(): void {
    if (!session) return;
    reportStatus(root, { state: playing ? 'running' : session.steps > 0 ? 'paused' : 'idle', backend: session.backend.name, steps: session.steps });
  }

  function start(): void {
    const s = session;
    if (!s || playing) return;
    if (!s.canTrain) {
      setMessage('Place a few points first (click or tap the plane).', true);
      return;
    }
    const left = config.stopAfter > 0 ? config.stopAfter - s.steps : undefined;
    if (left !== undefined && left <= 0) return;
    if (message.dataset.transient === 'true') setMessage('');
    playing = true;
    transport.setPlaying(true);
    rate = { t: performance.now(), steps: s.steps, perSecond: rate.perSecond };
    s.start(() => {
      report();
      requestDraw(false);
    }, left, (error) => {
      if (s !== session) return;
      playing = false;
      transport.setPlaying(false);
      if (error) setMessage(`Training stopped: ${error instanceof Error ? error.message : String(error)}. Try a smaller learning rate.`, true);
      report();
      requestDraw(true);
    });
    report();
  }

  async function pause(): Promise<void> {
    playing = false;
    transport.setPlaying(false);
    await session?.pause();
    report();
    requestDraw(true);
  }

  async function stepOnce(): Promise<void> {
    const s = session;
    if (!s || playing || !s.canTrain) return;
    await s.stepOnce();
    report();
    requestDraw(true);
  }

  /** Applies a config change: `rebuildNet` resets the weights (data or architecture changed), else keeps them. */
  async function change(patch: Partial<MlpConfig>, rebuildNet: boolean): Promise<void> {
    config = { ...config, ...patch };
    saveUrl();
    if (rebuildNet) await rebuild(config);
    else if (session) {
      session.config = config;
      session.setData();
      await session.dataChanged();
      syncControls();
      requestDraw(true);
    }
  }

  async function rebuild(next: MlpConfig): Promise<void> {
    const s = session;
    if (!s) return;
    const wasPlaying = playing;
    playing = false;
    await s.reset(next);
    s.custom = custom;
    s.setData();
    chosen = undefined;
    chart.clear();
    lastChartStep = -1;
    syncControls();
    report();
    requestDraw(true);
    if (wasPlaying) start();
  }

  async function dataChanged(): Promise<void> {
    saveUrl();
    if (!session) return;
    session.custom = custom;
    session.setData();
    await session.dataChanged();
    if (chosen !== undefined && chosen >= session.train.n + session.test.n) chosen = undefined;
    if (!session.canTrain && playing) await pause();
    requestDraw(true);
  }

  /**
   * A session on `name`. A WebGL backend first needs WebGL on the page: Chromium gives a dedicated Worker WebGL2
   * even with `--disable-webgl` (and may with a blocklisted GPU), so without this check a browser whose WebGL is
   * switched off would still train on it in the Worker. The probe is one context creation, only when a WebGL
   * backend is asked for; the picker's own probes have usually cached it by then.
   */
  async function createSession(name: string): Promise<PlaygroundSession> {
    if (/webgl/.test(name)) {
      const probe = backendMayStart(name);
      if (!probe.ok) throw Object.assign(new Error(probe.reason ?? 'no WebGL on this page'), { name: NO_PAGE_WEBGL });
    }
    return PlaygroundSession.create(config, custom, name, sessionOptions());
  }
  /** Whether `name` failed in the Worker (not for want of WebGL on the page). */
  const failedInWorker = (name: string, error: unknown): boolean =>
    useWorker && name !== 'reference' && !(error instanceof Error && error.name === NO_PAGE_WEBGL);

  async function switchBackend(name: string): Promise<void> {
    const old = session;
    const wasPlaying = playing;
    setMessage(`starting ${name} …`);
    let next: PlaygroundSession;
    let note = '';
    try {
      next = await createSession(name);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const inWorker = failedInWorker(name, error);
      if (inWorker && backendName === name) {
        // The reader ticked "in a Worker" for the backend that trains on the page: it stays there.
        useWorker = false;
        workerBox.checked = false;
        setMessage(`${name} cannot start in the Worker here (${why}); it goes on training on the page.`);
        return;
      }
      backendSelect.markUnavailable(name, why);
      note = inWorker ? `${name} cannot start in the Worker here (${why}); training on reference on the page.` : `${name} cannot start here: ${why}`;
      setMessage(note);
      if (name === 'reference' || backendName === name) return;
      if (!inWorker) {
        backendSelect.set(backendName);
        return;
      }
      // WebGL that the page has but the Worker lacks (no OffscreenCanvas WebGL): go on with the reference,
      // which is faster than any gpu.js backend at this size anyway, rather than leave a backend that works.
      try {
        next = await createSession('reference');
      } catch {
        return;
      }
      name = 'reference';
      backendSelect.set('reference');
    }
    if (old) {
      playing = false;
      await old.stop();
      // Same weights on the new backend (the optimizer's moments start again).
      next.model.load(old.model.save());
      next.steps = old.steps;
      await old.dispose();
    }
    session = next;
    backendName = name;
    syncWorkerBox();
    setMessage(note);
    report();
    requestDraw(true);
    if (wasPlaying) start();
  }

  // ---- drawing (requestAnimationFrame; heavy parts at most every refreshMs) ----
  let grid: GridOutputs | undefined;
  function requestDraw(now: boolean): void {
    if (now) dirty = true;
    if (frame || destroyed) return;
    frame = requestAnimationFrame(draw);
  }

  function draw(time: number): void {
    frame = 0;
    const s = session;
    if (!s || destroyed) return;
    // Everything visible changes in the same frames, at most every refreshMs: a frame in which nothing changed costs
    // the compositor nothing, and the others cost it the same whether one line changed or all of the demo did.
    if (dirty || time - lastRefresh >= refreshMs) {
      dirty = false;
      lastRefresh = time;
      readouts(s, time);
      refresh();
    }
    if (playing) requestDraw(false);
  }

  function readouts(s: PlaygroundSession, time: number): void {
    setText(stepsOut, `step ${s.steps}`);
    // Examples per second of wall time (what the reader gets, yields and drawing included), over ≥ 1 s windows,
    // or over the whole run when it ended sooner.
    const dt = time - rate.t;
    if (rate.t > 0 && (playing ? dt >= 1000 : dt >= 200 && s.steps > rate.steps)) {
      rate = { t: playing ? time : 0, steps: s.steps, perSecond: ((s.steps - rate.steps) * s.batchSize * 1000) / dt };
    }
    const name = s.inWorker ? `${s.backend.name} (in a Worker)` : s.backend.name;
    if (rate.perSecond > 0) speed.update(rate.perSecond, name);
    else speed.message(playing ? `measuring … on ${name}` : `ready on ${name}`);
    speed.element.title = `${s.backend.executed}; a step takes ${s.msPerStep ? s.msPerStep.toFixed(3) : '–'} ms (${formatRate(s.msPerStep ? (s.batchSize * 1000) / s.msPerStep : 0)} examples/s while stepping)`;
  }

  function refresh(): void {
    const s = session!;
    const pal = readPalette(ui);
    const sets = { train: s.train, test: s.test, showTest: showTest.checked };
    setText(countOut, `${s.train.n} training, ${s.test.n} test points; batch ${s.batchSize}`);
    try {
      grid = s.grid(GRID);
    } catch (error) {
      setMessage(`Could not draw: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    paintSurface(surface, grid.layers.at(-1)?.[0], GRID, pal);
    const pointsKey = [s.train, s.test, sets.showTest, chosen, cursor?.join(), canvas.clientWidth, devicePixelRatio, pal];
    if (pointsKey.some((v, i) => v !== drawnPoints[i])) {
      drawnPoints = pointsKey;
      paintPoints(canvas, pal, sets, chosen, cursor);
    }
    grid.layers.slice(0, -1).forEach((layer, l) => layer.forEach((img, j) => {
      const c = tiles[l]?.[j];
      if (c) paintTile(c, img, GRID, signedFor(config.activation, img), pal);
    }));
    const { train: trainLoss, test: testLoss } = s.losses();
    if (Number.isFinite(trainLoss)) reportStatus(root, { loss: trainLoss });
    setText(lossOut, `train loss ${Number.isFinite(trainLoss) ? trainLoss.toPrecision(3) : '–'} · test loss ${Number.isFinite(testLoss) ? testLoss.toPrecision(3) : '–'}`);
    if (s.steps !== lastChartStep) {
      lastChartStep = s.steps;
      if (Number.isFinite(trainLoss)) chart.push(0, s.steps, trainLoss);
      if (Number.isFinite(testLoss)) chart.push(1, s.steps, testLoss);
    }
    chart.draw();
    const tr = chosen === undefined ? undefined : s.traceExample(chosen);
    const hidden = config.hidden.length ? config.hidden[config.hidden.length - 1]! : 0;
    delta.show(tr && {
      trace: tr,
      weights: Array.from({ length: hidden }, (_, j) => s.outputWeight(j)),
      activation: config.activation,
      where: chosen! < s.train.n ? `training point ${chosen! + 1}` : `test point ${chosen! - s.train.n + 1}`,
    });
  }

  // ---- input on the plane ----
  function actAt(px: number, py: number, size: number, radius: number): void {
    const s = session;
    if (!s) return;
    const sets = { train: s.train, test: s.test, showTest: showTest.checked };
    const near = nearestPoint(sets, px, py, size, config.dataset === 'custom' ? Math.min(radius, 8) : radius);
    if (near !== undefined || config.dataset !== 'custom') {
      if (near !== undefined) chosen = near;
      requestDraw(true);
      return;
    }
    const [x, y] = toPlane(px, py, size);
    custom = [...custom, { x: Math.max(-1, Math.min(1, x)), y: Math.max(-1, Math.min(1, y)), label: placeClass }];
    void dataChanged();
  }
  const onPointer = (e: PointerEvent) => {
    if (e.button > 0) return;
    const r = canvas.getBoundingClientRect();
    actAt(e.clientX - r.left, e.clientY - r.top, r.width, e.pointerType === 'touch' ? 22 : 14);
  };
  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-0.05, 0], ArrowRight: [0.05, 0], ArrowUp: [0, 0.05], ArrowDown: [0, -0.05] };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      const c = cursor ?? [0, 0];
      cursor = [Math.max(-1, Math.min(1, c[0] + m[0])), Math.max(-1, Math.min(1, c[1] + m[1]))];
      requestDraw(true);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const c = cursor ?? [0, 0];
      cursor = c;
      const size = canvas.clientWidth;
      actAt(((c[0] + 1) / 2) * size, ((1 - c[1]) / 2) * size, size, 24);
    }
  };
  canvas.addEventListener('pointerdown', onPointer);
  canvas.addEventListener('keydown', onKey);
  canvas.addEventListener('blur', () => {
    cursor = undefined;
    requestDraw(true);
  });
  const onResize = () => requestDraw(true);
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(onResize) : undefined;
  resize?.observe(canvas);
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', onResize);

  // ---- start ----
  syncControls();
  try {
    session = await createSession(backendName);
  } catch (error) {
    backendSelect.markUnavailable(backendName, String(error));
    const where = failedInWorker(backendName, error) ? 'in the Worker here' : 'here';
    setMessage(`${backendName} cannot start ${where} (${error instanceof Error ? error.message : String(error)}); using reference.`);
    backendName = 'reference';
    backendSelect.set('reference');
    session = await PlaygroundSession.create(config, custom, 'reference');
  }
  syncWorkerBox();
  report();
  requestDraw(true);
  if (env.autostart) start();
  const cancelMeasure = measureInBackground(env, workload, () => session!.selectionSpec());

  const handle: DemoHandle = {
    destroy() {
      destroyed = true;
      playing = false;
      cancelMeasure();
      if (frame) cancelAnimationFrame(frame);
      resize?.disconnect();
      backendSelect.destroy();
      scheme.removeEventListener('change', onResize);
      void session?.dispose();
      ui.remove();
      if (staticPart) {
        staticPart.hidden = false;
        staticPart.style.display = '';
      }
    },
  };
  return handle;
};
