/**
 * The LSTM demo: an LSTM learns a noisy sine (or the characters of a short text) in the page, shows the data, its
 * one-step predictions and its continuation past the data on its own outputs, and a heatmap of the forget, input
 * and output gates and the cell state per unit and timestep, redrawn as it trains.
 *
 * The reference backend trains on the page through the engine's `train()`, which cuts work into chunks of one
 * frame budget and yields between them (a step here is 2–4 ms), so the page keeps painting. A gpu.js backend
 * trains in the `TrainingWorker` (a WebGL2 step on SwiftShader was one 100–450 ms task on the page, which no
 * chunking can cut); the page keeps a reference copy that loads the weights sent with every report and is what the
 * plot and the heatmap read. Drawing happens in requestAnimationFrame, never per step. gpu.js is loaded only by the
 * Worker (or, without a Worker, by the page) when a gpu.js backend is picked.
 */
import { applySchema } from '../options.js';
import { lstmSchema, type LstmConfig } from './config.js';
import type { LSTMModel, LstmInspection } from '../../engine/models/lstm.js';
import type { OptimizerSpec } from '../../engine/optim/optimizers.js';
import type { Tensor } from '../../engine/tensor.js';
import { PauseGate, train } from '../../engine/train.js';
import { yieldToPage } from '../../engine/yield.js';
import type { TrainingWorker } from '../../engine/worker/client.js';
import { reportStatus } from '../dom.js';
import type { DemoHandle, DemoModule } from '../types.js';
import {
  backendMayStart, createBackendSelect, createLineChart, createSlider, createSpeedReadout, createTransport, el, injectKitStyles, injectStyles,
} from '../ui/index.js';
import { drawHeatmap, heatmapHeight, heatmapSummary } from './heatmap.js';
import { dataFor, inspectShown, modelFor, predictedChars, WINDOWS } from './model.js';
import { drawSine } from './plot.js';
import type { SineData, TextData } from './sequences.js';
import { measureInBackground, startingBackend } from '../ui/backend-choice.js';

const CSS = `
.demo-lstm .lstm-plot { display: block; width: 100%; height: 11rem; }
.demo-lstm .lstm-heat { display: block; width: 100%; }
.demo-lstm .lstm-text { font-family: var(--font-mono, monospace); white-space: pre; overflow-x: auto; margin: 0.5rem 0; line-height: 1.5; }
.demo-lstm .lstm-text .lstm-miss { color: var(--c-red); text-decoration: underline; }
.demo-lstm .lstm-text .lstm-ahead { color: var(--c-orange); }
.demo-lstm .lstm-gen { margin: 0.25rem 0 0.5rem; overflow-wrap: anywhere; }
.demo-lstm .lstm-gen output { font-family: var(--font-mono, monospace); color: var(--c-orange); }
.demo-lstm h4 { font-size: 0.85rem; font-weight: 600; margin: 0.75rem 0 0.25rem; }
`;

/** How often the plot and the heatmap are read and redrawn while training (ms); reduced motion: once a second. */
const REDRAW_MS = 150, REDRAW_REDUCED_MS = 1000;

/** Spaces are invisible in the text readout; show them as ␣. */
const visible = (c: string): string => (c === ' ' ? '␣' : c === '\n' ? '↵' : c);

/** Mounts the LSTM demo in `root` (see the module comment). */
/** Reads a figure's `data-config` with the LSTM schema (see `DemoModule.readConfig`). */
export const readConfig: DemoModule<'lstm'>['readConfig'] = (raw) => applySchema(lstmSchema, raw).config;

export const mount: DemoModule<'lstm'>['mount'] = async (root, config, env) => {
  injectKitStyles();
  injectStyles('demo-lstm', CSS);
  reportStatus(root, { state: 'loading' });
  const data = dataFor(config);
  // What choosing a backend times, and the key its pick is stored under (see ui/backend-choice.ts).
  const workload = `lstm ${config.sequence} h${config.hidden} t${config.steps}`;
  let backend = startingBackend(env, workload);
  const ui = buildUi(root, config, data, backend);

  const workerUrl = typeof Worker === 'function' ? env.asset('worker') : undefined;
  let model: LSTMModel;
  /** The gpu.js backend training in the Worker, or null when `model` itself trains on the page. */
  let remote: string | null;
  try {
    ({ model, remote } = await modelOn(config, data, backend, workerUrl));
  } catch (error) {
    // A forced backend that cannot start here: say so and train on the reference instead of showing nothing.
    ui.backend.markUnavailable(backend, errorText(error));
    ui.note.textContent = `${backend} 无法启动：${errorText(error)}；改用 reference`;
    backend = 'reference';
    ui.backend.set(backend);
    ({ model, remote } = await modelOn(config, data, backend, workerUrl));
  }
  let trainer: TrainingWorker | undefined;
  /** What the Worker says runs (gpu.js mode and renderer), for the speed readout's title. */
  let executed = '';
  const backendName = (): string => remote ?? model.engine.backend.name;

  const gate = new PauseGate();
  gate.pause();
  let playing = false;
  let steps = 0;
  let stop = new AbortController();
  let dirty = true;
  let lastDraw = -Infinity;
  let frame = 0;
  let destroyed = false;
  let mirror: LSTMModel | null = null;
  const timestepsPerStep = config.steps * (data.x.shape[1] ?? WINDOWS);

  const state = (): 'running' | 'paused' => (playing ? 'running' : 'paused');
  reportStatus(root, { state: 'idle', backend: backendName(), steps: 0 });

  /** The speed readout's latest figure, written in the redraw frames only (see `draw`). */
  let speedShown: { perSecond: number; label: string } | undefined;
  let speedAt = -Infinity;
  let speedLabel = '';
  /** What one progress report does, wherever the step ran: data only; the view changes in `draw`. */
  const progress = (base: number, step: number, loss: number, msPerStep: number, label: string): void => {
    steps = base + step;
    if (steps % 5 === 0 || !playing) ui.loss.push(0, steps, loss);
    if (msPerStep > 0) speedShown = { perSecond: (timestepsPerStep * 1000) / msPerStep, label };
    reportStatus(root, { state: state(), steps, loss });
    dirty = true;
  };

  /** Runs the current model's training (page or Worker) until it is aborted (reset, backend switch, destroy). */
  const run = (): void => (remote && workerUrl ? runRemote(remote, workerUrl) : runPage());

  /** Leaves the Worker for the reference on the page, keeping the weights of the last report. */
  const fallBack = (name: string, why: string): void => {
    stop.abort();
    trainer?.terminate();
    trainer = undefined;
    remote = null;
    ui.backend.markUnavailable(name, why);
    ui.backend.set('reference');
    // In a line of its own: the speed readout is rewritten by the next step.
    ui.note.textContent = `${name} 无法在 Worker 中运行：${why}；改用 reference（在页面上）`;
    reportStatus(root, { backend: backendName() });
    dirty = true;
    run();
  };

  /**
   * Trains in the Worker on `name`; every report carries the weights, which the page copy (`model`, on the
   * reference) loads for the drawing. The Worker keeps its model and optimizer across pause and step.
   */
  const runRemote = (name: string, url: string): void => {
    const m = model, ctrl = new AbortController();
    stop = ctrl;
    const base = steps;
    let t = trainer;
    if (!t) {
      const worker = new Worker(url, { type: 'module' });
      // A script that does not load (404, CSP) fails with an error event and never a message.
      let heard = false;
      worker.addEventListener('message', () => void (heard = true), { once: true });
      worker.addEventListener('error', (e) => {
        if (heard || destroyed || trainer !== t) return;
        e.preventDefault();
        fallBack(name, 'the training Worker did not start');
      }, { once: true });
      t = trainer = new workerClient!.TrainingWorker(worker);
    }
    const label = `${name} (in a Worker)`;
    const tensor = (x: Tensor) => ({ data: Float32Array.from(x.data), shape: [...x.shape] });
    void t.train({
      model: { weights: m.save(), seed: config.seed, optimizer: { name: config.optimizer, lr: lr() } as OptimizerSpec, backend: name },
      data: { x: tensor(data.x), y: tensor(data.y) },
      every: 1,
      weightsWithProgress: true,
      signal: ctrl.signal,
      onReady: (info) => {
        executed = info.executed;
        ui.speed.element.title = `${executed}, in a Worker; drawn on the page with its weights`;
      },
      onStep: (p, w) => {
        if (ctrl.signal.aborted || destroyed) return;
        if (w) m.load(w);
        progress(base, p.step, p.loss, p.msPerStep, label);
      },
    }).catch((error: unknown) => {
      if (ctrl.signal.aborted || destroyed) return;
      // WebGL the page has and the Worker lacks, or a backend that fails there: go on with the reference.
      fallBack(name, errorText(error));
    });
    if (!playing) t.pause();
  };

  const runPage = (): void => {
    const m = model, ctrl = new AbortController();
    stop = ctrl;
    const base = steps;
    void train(m, {
      data: { x: data.x, y: data.y },
      signal: ctrl.signal,
      gate,
      // One chunk per painted frame: with the engine's macrotask yield alone the chunks (a step is 2–4 ms) ran
      // back to back, and the built note painted 2.5–8 frames/s while training (bench:demos; 45–55 idle).
      yieldFn: afterNextFrame,
      budgetMs: 6,
      // Every step, so data-demo-steps is exact when a pause lands between reports (setting attributes is cheap);
      // the chart takes every fifth point.
      every: 1,
      onStep: (p) => {
        if (ctrl.signal.aborted) return;
        progress(base, p.step, p.loss, p.msPerStep, m.engine.backend.name);
      },
    }).catch((error: unknown) => {
      if (ctrl.signal.aborted) return;
      reportStatus(root, { state: 'error' });
      ui.speed.message(`训练出错：${errorText(error)}`);
      playing = false;
      ui.transport.setPlaying(false);
    });
  };

  /** What the heatmap reads: the model itself, or on a GPU backend a reference copy of its current weights. */
  const inspectable = (): LSTMModel => {
    if (!model.engine.backend.isGpu) return model; // the reference, or the page copy of a Worker run
    // Stepping one sequence through GPU kernels costs a dispatch (and a readback) per kernel per timestep; the
    // weights are already on the host after each step, and the reference computes the same gates within
    // float tolerance (test/engine/models/lstm-inspect.test.ts), so the drawing reads a reference copy.
    mirror ??= modelFor(config, data, 'reference');
    mirror.params().forEach((p, i) => p.value.data.set(model.params()[i]!.value.data));
    return mirror;
  };

  const draw = (now: number): void => {
    frame = 0;
    if (destroyed) return;
    const every = env.reducedMotion ? REDRAW_REDUCED_MS : REDRAW_MS;
    // Everything visible changes in these frames only: a frame in which nothing changed costs the compositor
    // nothing, one with a changed line of text as much as one with every canvas redrawn (~20 ms of SwiftShader).
    if (dirty && now - lastDraw >= every) {
      dirty = false;
      lastDraw = now;
      // The rate once a second (it is a smoothed figure, and a line that changes is a frame to draw), at once when
      // it names another backend.
      if (speedShown && (now - speedAt >= 1000 || speedShown.label !== speedLabel)) {
        speedLabel = speedShown.label;
        ui.speed.update(speedShown.perSecond, speedShown.label, 'timesteps/s');
        speedShown = undefined;
        speedAt = now;
      }
      const r = inspectShown(inspectable(), config, data);
      render(ui, data, r);
      ui.loss.draw();
    }
    frame = requestAnimationFrame(draw);
  };
  frame = requestAnimationFrame(draw);

  const setPlaying = (p: boolean): void => {
    playing = p;
    ui.transport.setPlaying(p);
    if (p) gate.resume();
    else gate.pause();
    if (remote) {
      if (p) trainer?.resume();
      else trainer?.pause();
    }
    reportStatus(root, { state: state() });
  };

  ui.transport = createTransport(
    {
      onToggle: (p) => setPlaying(p),
      onStep: () => (remote ? trainer?.step(1) : gate.step(1)),
      onReset: () => {
        stop.abort();
        // Same engine: a gpu.js backend keeps its compiled kernels (in the Worker, its engine does).
        model = modelFor(config, data, model.engine);
        model.optimizer.setLearningRate(lr());
        steps = 0;
        ui.loss.clear();
        reportStatus(root, { steps: 0, state: state() });
        dirty = true;
        run();
      },
    },
  );
  ui.transportSlot.replaceWith(ui.transport.element);

  const lr = (): number => 10 ** ui.lr.value();
  ui.lr.input.addEventListener('input', () => {
    model.optimizer.setLearningRate(lr());
    if (remote) trainer?.setLearningRate(lr());
  });

  ui.backend.select.addEventListener('change', () => {
    const name = ui.backend.select.value, before = model, was = backendName();
    if (name === was) return;
    ui.speed.message(`启动 ${name} …`);
    void modelOn(config, data, name, workerUrl).then(
      (next) => {
        if (destroyed) return disposeModel(next.model);
        stop.abort();
        // Keep what was learnt: the new backend continues from the current weights (the optimizer starts afresh).
        next.model.load(before.save());
        next.model.optimizer.setLearningRate(lr());
        disposeModel(before);
        model = next.model;
        remote = next.remote;
        if (!remote) {
          trainer?.terminate();
          trainer = undefined;
        }
        mirror = null;
        reportStatus(root, { backend: backendName() });
        ui.speed.message(remote ? `${remote}（在 Worker 中）` : backendName());
        dirty = true;
        run();
      },
      (error: unknown) => {
        ui.backend.markUnavailable(name, errorText(error));
        ui.backend.set(was);
        ui.note.textContent = `${name} 无法启动：${errorText(error)}`;
      },
    );
  });

  ui.speed.message(`${remote ? `${remote}（在 Worker 中）` : backendName()}，尚未训练`);
  run();
  if (env.autostart) setPlaying(true);
  else reportStatus(root, { state: 'paused' });
  const cancelMeasure = measureInBackground(env, workload, () => {
    const tensor = (x: Tensor) => ({ data: Float32Array.from(x.data), shape: [...x.shape] });
    return { model: { weights: model.save(), seed: config.seed, optimizer: { name: config.optimizer, lr: lr() } as OptimizerSpec }, data: { x: tensor(data.x), y: tensor(data.y) } };
  });

  const handle: DemoHandle = {
    destroy() {
      destroyed = true;
      cancelMeasure();
      stop.abort();
      trainer?.terminate();
      if (frame) cancelAnimationFrame(frame);
      disposeModel(model);
      ui.container.remove();
    },
  };
  return handle;
};

/**
 * Resolves after the next frame has been painted (then a macrotask, so the chunk does not run inside the frame).
 * In a hidden tab frames stop, and so does training on the page.
 */
function afterNextFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return yieldToPage();
  return new Promise((resolve) => requestAnimationFrame(() => void yieldToPage().then(resolve)));
}

/** The Worker's client module, loaded by {@link modelOn} before a Worker run can start. */
let workerClient: typeof import('../../engine/worker/client.js') | undefined;

/**
 * What trains on `backend`: with a Worker, a gpu.js backend trains there and the page gets a reference model to
 * draw with (`remote` names the backend); otherwise the model itself, loading the gpu.js backends first when it is
 * one of theirs. A WebGL backend needs WebGL on the page too: Chromium gives a dedicated Worker WebGL2 even with
 * `--disable-webgl`, and a browser whose WebGL is switched off should not get it through the back door.
 */
async function modelOn(config: LstmConfig, data: SineData | TextData, backend: string, workerUrl: string | undefined): Promise<{ model: LSTMModel; remote: string | null }> {
  if (/webgl/.test(backend)) {
    const probe = backendMayStart(backend);
    if (!probe.ok) throw new Error(probe.reason ?? 'no WebGL on this page');
  }
  if (backend !== 'reference' && workerUrl) {
    // The Worker's client only when a backend trains there (the reference on the page never loads it).
    workerClient ??= await import('../../engine/worker/client.js');
    return { model: modelFor(config, data, 'reference'), remote: backend };
  }
  if (backend !== 'reference') await import('../../engine/backend/gpu/register.js');
  return { model: modelFor(config, data, backend), remote: null };
}

function disposeModel(m: LSTMModel): void {
  if (m.engine.backend.isGpu) m.engine.backend.dispose();
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Ui {
  container: HTMLElement;
  transportSlot: HTMLElement;
  transport: ReturnType<typeof createTransport>;
  lr: ReturnType<typeof createSlider>;
  backend: ReturnType<typeof createBackendSelect>;
  speed: ReturnType<typeof createSpeedReadout>;
  /** Backend notes that must outlast the next step (a fallback and its reason). */
  note: HTMLElement;
  loss: ReturnType<typeof createLineChart>;
  plot: HTMLCanvasElement | null;
  text: HTMLElement | null;
  gen: HTMLOutputElement | null;
  heat: HTMLCanvasElement;
}

function buildUi(root: HTMLElement, config: LstmConfig, data: SineData | TextData, backendName: string): Ui {
  const container = el('div', 'demo-ui demo-lstm');
  const controls = el('div', 'demo-row');
  const transportSlot = el('span');
  const lr = createSlider({
    label: 'Learning rate', min: -4, max: -0.5, step: 0.1, value: Math.log10(config.learningRate),
    format: (v) => (10 ** v).toPrecision(2),
  });
  const backend = createBackendSelect(backendName, () => undefined);
  controls.append(transportSlot, lr.element, backend.element);
  const speed = createSpeedReadout('timesteps/s');
  speed.element.setAttribute('aria-live', 'off');
  const note = el('p', 'demo-muted lstm-note');
  note.setAttribute('role', 'status');
  container.append(controls, speed.element, note);

  let plot: HTMLCanvasElement | null = null, text: HTMLElement | null = null, gen: HTMLOutputElement | null = null;
  if (data.kind === 'sine') {
    container.append(el('h4', '', '数据（点）、一步预测（实线）与接着预测（虚线）'));
    plot = el('canvas', 'lstm-plot');
    plot.setAttribute('role', 'img');
    plot.setAttribute('aria-label', '带噪正弦序列与模型的预测');
    container.append(plot);
  } else {
    container.append(el('h4', '', '文本与模型对下一个字符的预测'));
    container.append(el('p', 'demo-muted', '上一行是文本，下一行是模型在每个字符下方预测的下一个字符：红色下划线是猜错的，橙色是越过文本后模型自己接着写的。'));
    text = el('pre', 'lstm-text');
    text.tabIndex = 0;
    text.setAttribute('aria-label', '文本与预测');
    const p = el('p', 'lstm-gen', '续写（接在文本之后）：');
    gen = el('output');
    gen.setAttribute('aria-live', 'off');
    p.append(gen);
    container.append(text, p);
  }
  container.append(el('h4', '', '门与细胞状态（行 = 单元，列 = 时间步）'));
  const heat = el('canvas', 'lstm-heat');
  heat.style.height = `${heatmapHeight()}px`;
  heat.setAttribute('role', 'img');
  heat.setAttribute('aria-label', '门与细胞状态热图');
  container.append(heat);
  const loss = createLineChart({ label: '训练损失', series: [{ name: data.kind === 'text' ? '交叉熵' : '均方误差', color: '--c-blue' }], log: true });
  container.append(el('h4', '', '训练损失'), loss.element);

  const stat = root.querySelector('.demo-static');
  if (stat) stat.replaceWith(container);
  else root.insertBefore(container, root.querySelector('figcaption'));
  const transport = createTransport({ onToggle: () => undefined, onStep: () => undefined, onReset: () => undefined });
  return { container, transportSlot, transport, lr, backend, speed, note, loss, plot, text, gen, heat };
}

function render(ui: Ui, data: SineData | TextData, r: LstmInspection): void {
  if (data.kind === 'sine' && ui.plot) {
    const shown = [...data.shown.data, data.shownTargets[data.shownTargets.length - 1]!];
    drawSine(ui.plot, shown, r);
  } else if (data.kind === 'text' && ui.text && ui.gen) {
    const chars = predictedChars(r, data.alphabet);
    const given = data.shownTargets.map((k) => data.alphabet[k]!);
    const first = data.alphabet[data.codes[0]!]!;
    ui.text.textContent = '';
    ui.text.append(document.createTextNode(`${[first, ...given].map(visible).join('')}\n `));
    // Predictions sit under the character they predict; misses are marked (colour and underline).
    for (let t = 0; t < r.given; t++) {
      const c = chars[t]!;
      ui.text.append(c === given[t] ? document.createTextNode(visible(c)) : el('span', 'lstm-miss', visible(c)));
    }
    ui.text.append(el('span', 'lstm-ahead', chars.slice(r.given).map(visible).join('')));
    ui.gen.textContent = chars.slice(r.given).join('');
  }
  drawHeatmap(ui.heat, r);
  ui.heat.setAttribute('aria-label', heatmapSummary(r));
}
