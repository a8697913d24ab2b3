/**
 * The CNN demo: the note's LeNet-style net learns real MNIST digits in the reader's browser. Training runs in the
 * engine's `TrainingWorker` (the page thread only draws); the page keeps a copy of the net that receives the
 * Worker's weights with every progress report and uses it for what the reader looks at: the first layer's
 * filters, the feature maps of one digit, train and test accuracy on samples, and the digit the reader draws
 * (preprocessed as MNIST was, top-3 probabilities). Pre-trained weights (shipped with the site) make drawing work
 * before any training; `pretrained: false` starts from the seed's random weights.
 *
 * Honest about what runs: the backend the Worker reports, examples/s measured on the wall clock between reports,
 * the time from start to the first step, the bytes fetched, and the time a drawn digit took to classify.
 */
import { applySchema } from '../options.js';
import { cnnSchema, type CnnConfig } from './config.js';
import { cnnLayerShapes, type CNN, type FeatureMap } from '../../engine/models/cnn.js';
import type { WeightsJson } from '../../engine/nn/serialize.js';
import { Tensor } from '../../engine/tensor.js';
import type { TrainingWorker } from '../../engine/worker/client.js';
import type { PortLike } from '../../engine/worker/protocol.js';
import { yieldToPage } from '../../engine/yield.js';
import { reportStatus, type DemoState } from '../dom.js';
import type { DemoModule } from '../types.js';
import {
  backendMayStart, button, createBackendSelect, createLineChart, createSelect, createSpeedReadout, createTransport, cssColor, el,
  formatRate, injectKitStyles, injectStyles, setText,
} from '../ui/index.js';
import { digitsOf, loadDemoData, loadTrainSet, type DemoData, type DigitSet } from './data.js';
import type { MnistSet } from '../../engine/data/mnist-format.js';
import { buildNet, NET_NAMES, netConfig, optimizerSpec } from './nets.js';
import { createDrawingPad } from './pad.js';
import { CNN_CSS } from './style.js';
import { measureInBackground, startingBackend } from '../ui/backend-choice.js';
import { createTileRow, paintPlanes, palette, type TileRow } from './tiles.js';

/**
 * Progress reports (with the weights) after every step: `train()` does not report when it pauses, so with a
 * coarser `every` a paused demo would show up to every − 1 steps fewer than were done. A report is ~26 KB of
 * weights; at the demo's 25–50 steps/s that is a few ms of page time per second.
 */
const REPORT_EVERY = 1;
/** The loss chart gets the mean of this many steps' losses per point. */
const LOSS_POINT_EVERY = 10;
/** Accuracy on the samples every this many steps. */
const EVAL_EVERY = 100;
/**
 * Digits per accuracy sample (train and test each), evaluated 10 at a time between page tasks: 10 digits are
 * 5–15 ms on warm code, and the first, cold chunk of 25 took 61 ms (a long task).
 */
const SAMPLE = 200;
/** Test digits shown with the net's reading of them. */
const GUESSES = 30;
const EVAL_CHUNK = 10;
/** Digits per prediction of a sample taken while training, in idle time (~1 ms of a frame's idle part). */
const IDLE_CHUNK = 2;
/** The readouts and charts are redrawn at most this often while training (ms). */
const VIEW_MS = 200;

/** Mounts the CNN demo. */
/** Reads a figure's `data-config` with the CNN schema (see `DemoModule.readConfig`). */
export const readConfig: DemoModule<'cnn'>['readConfig'] = (raw) => applySchema(cnnSchema, raw).config;

export const mount: DemoModule<'cnn'>['mount'] = async (root, config, env) => {
  injectKitStyles();
  injectStyles('demo-cnn', CNN_CSS);
  const mountedAt = performance.now();
  reportStatus(root, { state: 'loading' });
  root.querySelector('.demo-static')?.remove();
  const box = el('div', 'demo-ui demo-cnn');
  const caption = root.querySelector('figcaption');
  if (caption) root.insertBefore(box, caption);
  else root.append(box);
  const loading = el('p', 'demo-muted', 'Loading MNIST digits …');
  loading.setAttribute('role', 'status');
  box.append(loading);

  const hasWeights = config.pretrained && config.net === 'convnetjs';
  const data: DemoData = await loadDemoData(env, hasWeights);
  loading.remove();

  // ---- state ----
  let net: CNN = buildNet(config);
  const evalNet: CNN = buildNet(config);
  const startFrom = (from: string): void => {
    net = buildNet(config);
    if (from === 'pretrained' && data.weights) net.load(data.weights);
  };
  let from = hasWeights && data.weights ? 'pretrained' : 'random';
  startFrom(from);
  let state: DemoState = 'idle';
  // What choosing a backend times, and the key its pick is stored under (see ui/backend-choice.ts).
  const workload = `cnn ${config.net} b${config.batchSize}`;
  let backend = startingBackend(env, workload);
  let trainer: TrainingWorker | undefined;
  let inWorker = true;
  let run: { token: number; abort: AbortController; started: boolean } | undefined;
  let pendingSteps = 0;
  let token = 0;
  let stepsBase = 0;
  let steps = 0;
  let lastEvalStep = -Infinity;
  let evaluating = false;
  let rate: { steps: number; t: number; perSecond: number } | undefined;
  let firstStepMs: number | undefined;
  /** The first {@link SAMPLE} training digits, for the train-accuracy samples. */
  let train: DigitSet | undefined;
  /** Every training digit, decoded (a byte a pixel); each run makes its floats from it. */
  let trainAll: MnistSet | undefined;
  let trainLoad: Promise<MnistSet> | undefined;
  let fetchedBytes = data.bytes;
  const ensureTrain = (): Promise<MnistSet> =>
    (trainLoad ??= loadTrainSet(env).then(async ({ set, bytes }) => {
      train = await digitsOf(set, Math.min(SAMPLE, set.count));
      trainAll = set;
      fetchedBytes += bytes;
      root.dataset.demoFetchedBytes = String(fetchedBytes);
      return set;
    }));
  let executed = '';
  let lossSum = 0;
  let lossN = 0;
  let startClickedAt = 0;
  let chosen: { kind: 'test'; index: number } | { kind: 'drawing' } = { kind: 'test', index: 0 };
  let drawn: Float32Array | undefined;
  let destroyed = false;

  // ---- controls ----
  const transport = createTransport({
    onToggle: (play) => (play ? playOrResume() : pause()),
    onStep: () => stepOnce(),
    onReset: () => reset(),
  });
  const fromSelect = createSelect(
    'Start from',
    hasWeights ? [['pretrained', 'pre-trained weights'], ['random', 'random weights']] : [['random', 'random weights']],
    from,
    (v) => {
      from = v;
      reset();
    },
  );
  const backendSelect = createBackendSelect(backend, (name) => setBackend(name));
  const controls = el('div', 'demo-row');
  controls.append(transport.element, fromSelect.element, backendSelect.element);
  const speed = createSpeedReadout();
  speed.message(`${NET_NAMES[config.net] ?? config.net} · not training yet · fetched ${kb(data.bytes)} (test digits${data.weights ? ' and pre-trained weights' : ''}); the training digits load on Play`);
  const status = el('p', 'cnn-status demo-num');
  status.setAttribute('aria-live', 'polite');

  const lossChart = createLineChart({ label: 'Training loss (cross-entropy)', series: [{ name: 'loss', color: '--c-orange' }], log: true });
  const accChart = createLineChart({
    label: 'Accuracy',
    series: [{ name: `train (${SAMPLE} digits)`, color: '--c-blue' }, { name: `test (${SAMPLE} held-out digits)`, color: '--c-green', dashed: true }],
    yMin: 0,
  });

  // Drawing pad, prediction.
  const drawBox = el('section', 'cnn-draw');
  drawBox.append(el('p', 'cnn-h', 'Draw a digit'));
  const pad = createDrawingPad({
    label: 'Drawing pad: draw a digit from 0 to 9 with a mouse, pen or finger',
    ink: () => cssColor(root, '--fg', '#222'),
    onInk: () => classifyDrawing(),
  });
  const padButtons = el('div', 'demo-row');
  padButtons.append(
    button('Clear', () => {
      pad.clear();
      drawn = undefined;
      showPrediction(undefined, 0);
      if (chosen.kind === 'drawing') choose({ kind: 'test', index: 0 });
    }, { aria: 'Clear the drawing' }),
  );
  const top3 = el('ol', 'cnn-top3');
  top3.setAttribute('aria-live', 'polite');
  top3.setAttribute('aria-label', 'What the net reads');
  const bars = el('div', 'cnn-bars');
  bars.setAttribute('aria-hidden', 'true');
  const barFill: HTMLElement[] = [];
  for (let d = 0; d < 10; d++) {
    const row = el('div', 'cnn-bar');
    const fill = el('i');
    row.append(el('span', 'demo-num', String(d)), fill);
    bars.append(row);
    barFill.push(fill);
  }
  const classifyInfo = el('p', 'demo-muted cnn-small', 'Nothing drawn yet.');
  drawBox.append(pad.element, padButtons, top3, bars, classifyInfo);

  const charts = el('section', 'cnn-charts');
  charts.append(lossChart.element, accChart.element);
  const grid = el('div', 'cnn-grid');
  grid.append(drawBox, charts);

  // Feature maps of one input.
  const mapsBox = el('section', 'cnn-maps');
  const mapsHead = el('p', 'cnn-h', 'Feature maps');
  const mapsWhat = el('span', 'demo-muted', '');
  mapsHead.append(' ', mapsWhat);
  const mapsNav = el('div', 'demo-row');
  mapsNav.append(
    button('◀ Previous test digit', () => choose({ kind: 'test', index: (testIndex() + data.test.count - 1) % data.test.count }), { className: 'cnn-prev' }),
    button('Next test digit ▶', () => choose({ kind: 'test', index: (testIndex() + 1) % data.test.count }), { className: 'cnn-next' }),
  );
  const mapRows = el('div', 'cnn-map-rows');
  mapsBox.append(mapsHead, mapsNav, mapRows);
  let rows: TileRow[] = [];
  let rowKeys: string[] = [];

  const filterBox = el('section', 'cnn-filters');
  const filterRow = createTileRow('conv1 filters', 'learned 5×5 weights, blue > 0 > red');
  filterBox.append(filterRow.element);

  // Layer shapes, from the engine's shape code.
  const shapes = el('details', 'cnn-shapes');
  shapes.open = true;
  shapes.append(el('summary', '', 'Each layer’s output: N = (W − F + 2P)/S + 1'));
  const shapeList = el('ol', 'demo-num');
  for (const s of cnnLayerShapes(netConfig(net))) {
    const li = el('li');
    const w = s.window;
    const formula = w ? `N = (${w.W} − ${w.F} + 2·${w.P})/${w.S} + 1 = ${w.N} → ` : '';
    li.textContent = `${s.name}: ${formula}${s.shape.join('×')}${s.params ? ` · ${s.params.toLocaleString('en-US')} parameters` : ''}`;
    shapeList.append(li);
  }
  shapes.append(shapeList);

  box.append(controls, speed.element, status, grid, mapsBox, filterBox, shapes);

  // ---- drawing what the net sees ----
  // Everything visible changes in the same frames, at most every VIEW_MS (the feature maps every paintEvery): a
  // frame in which nothing changed costs the compositor nothing, and one with a changed line of text as much as one
  // with every canvas redrawn (~20 ms of the GPU process on SwiftShader). Progress reports only record.
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastView = -Infinity;
  let lastPaint = -Infinity;
  let speedView: { perSecond: number; where: string } | undefined;
  const paintEvery = env.reducedMotion ? 2000 : 400;
  const viewEvery = env.reducedMotion ? 1000 : VIEW_MS;
  const schedulePaint = (force = false): void => {
    if (destroyed) return;
    if (force) lastPaint = lastView = -Infinity;
    if (frame || timer !== undefined) return;
    frame = requestAnimationFrame((now) => {
      frame = 0;
      if (now - lastView < viewEvery) {
        // Come back when it is time, so the last step is always shown.
        timer = setTimeout(() => {
          timer = undefined;
          schedulePaint();
        }, viewEvery - (now - lastView));
        return;
      }
      lastView = now;
      if (speedView) {
        if (speedView.perSecond > 0) speed.update(speedView.perSecond, speedView.where);
        else speed.message(`training on ${speedView.where}`);
        speedView = undefined;
      }
      showStatus();
      lossChart.draw();
      accChart.draw();
      if (now - lastPaint >= paintEvery) {
        lastPaint = now;
        paintMaps();
        // The drawing's prediction with the new weights in the next frame: the first paint after Play did both
        // in one task of 50–60 ms here (each slower while the new weights' first passes ran).
        if (drawn) requestAnimationFrame(() => void (!destroyed && classifyDrawing(true)));
      } else schedulePaint();
    });
  };
  const testIndex = (): number => (chosen.kind === 'test' ? chosen.index : 0);
  const choose = (c: typeof chosen): void => {
    chosen = c;
    paintMaps();
  };
  function paintMaps(): void {
    const input = chosen.kind === 'drawing' && drawn ? drawn : digit(data.test, testIndex());
    mapsWhat.textContent = chosen.kind === 'drawing' && drawn ? 'of your drawing' : `of test digit ${testIndex() + 1} of ${data.test.count} (label ${data.test.labels[testIndex()]})`;
    const all = net.featureMaps(input);
    // A convolution's raw output is shown after its activation (the row says so); the dense layers' logits as the softmax.
    const titles = all.map((m, i) => (m.kind === 'activation' ? `${all[i - 1]?.name ?? ''} → ${m.name.replace(/\d+$/, '')}` : m.name));
    const shown = all.map((m, i) => ({ m, t: titles[i]! })).filter(({ m }) => m.kind !== 'conv' && m.kind !== 'dense');
    const maps = shown.map(({ m }) => m);
    const keys = maps.map((m) => m.name);
    const p = palette(root);
    if (keys.join() !== rowKeys.join()) {
      rowKeys = keys;
      rows = shown.map(({ m, t }) => createTileRow(t, describe(m)));
      mapRows.replaceChildren(...rows.map((r) => r.element));
    }
    maps.forEach((m, i) => rows[i]!.update(m, p));
    const f = net.filters(1);
    filterRow.update({ name: f.name, kind: 'conv', shape: [f.shape[0]!, f.shape[2]!, f.shape[3]!], data: f.data }, p);
  }

  // ---- the drawing ----
  /** Classifies the drawing; `quiet` (new weights, the same drawing): its kept 28×28 digit, no new preprocessing. */
  function classifyDrawing(quiet = false): void {
    if (pad.blank) return;
    if (quiet && drawn) {
      const t0 = performance.now();
      const probs = net.predict(drawn).data;
      showPrediction(probs, performance.now() - t0);
      return;
    }
    // The preprocessing code loads with the first stroke (a few ms here), and that stroke is classified then.
    if (!digitModule) {
      void (digitLoad ??= import('../../engine/data/digit.js').then((m) => void (digitModule = m))).then(() => classifyDrawing(quiet));
      return;
    }
    const t0 = performance.now();
    const d = digitModule.preprocessDigit({ width: pad.canvas.width, height: pad.canvas.height, data: pad.pixels() }, { rgba: true });
    if (d.empty) return;
    const probs = net.predict(d.pixels).data;
    const ms = performance.now() - t0;
    drawn = d.pixels;
    showPrediction(probs, ms);
    if (!quiet && chosen.kind !== 'drawing') chosen = { kind: 'drawing' };
    if (!quiet) paintMaps();
  }
  function showPrediction(probs: Float32Array | undefined, ms: number): void {
    if (!probs) {
      top3.replaceChildren();
      barFill.forEach((f) => (f.style.width = '0'));
      delete root.dataset.demoPrediction;
      classifyInfo.textContent = 'Nothing drawn yet.';
      return;
    }
    const order = [...probs.keys()].sort((a, b) => probs[b]! - probs[a]!);
    top3.replaceChildren(...order.slice(0, 3).map((k) => el('li', '', `${k} — ${(probs[k]! * 100).toFixed(1)} %`)));
    barFill.forEach((f, k) => (f.style.width = `${(probs[k]! * 100).toFixed(1)}%`));
    root.dataset.demoPrediction = String(order[0]);
    root.dataset.demoClassifyMs = ms.toFixed(2);
    classifyInfo.textContent = `Cropped, scaled to 20 px and centred by mass in 28×28, as MNIST was; classified in ${ms.toFixed(1)} ms on the page with the ${steps > 0 ? `weights after ${steps} steps` : from === 'pretrained' ? 'pre-trained weights' : 'random weights'}.`;
  }

  // ---- accuracy on samples, between page tasks ----
  /** Accuracy of the current weights; `paced` (the samples taken while training): one chunk per painted frame. */
  async function evaluate(paced = false): Promise<void> {
    if (evaluating) return;
    evaluating = true;
    lastEvalStep = steps;
    const at = steps;
    evalNet.load(net.save());
    try {
      // Not in the task that asked (building the demo, a progress report): each chunk is a task of its own.
      await yieldToPage();
      const onTrain = train ? await accuracy(evalNet, train, paced) : undefined;
      const test = await accuracy(evalNet, data.test, paced);
      if (destroyed) return;
      if (onTrain !== undefined) {
        accChart.push(0, at, onTrain);
        root.dataset.demoTrainAccuracy = onTrain.toFixed(4);
      }
      accChart.push(1, at, test);
      root.dataset.demoTestAccuracy = test.toFixed(4);
      showStatus();
      schedulePaint();
    } finally {
      evaluating = false;
    }
  }
  let trainAcc: number | undefined;
  let testAcc: number | undefined;
  async function accuracy(model: CNN, set: DigitSet, paced: boolean): Promise<number> {
    let right = 0;
    const n = Math.min(SAMPLE, set.count);
    const guesses = new Uint8Array(n);
    // Paced (a sample taken while training): a few digits at a time in the idle part of frames. One 10-digit chunk
    // per frame still cost the page its frames while the 40 chunks of a sample ran (the Worker has the other
    // core); with a macrotask between chunks they ran back to back. The samples of a reset or of the first paint,
    // which the reader waits for, run in 10-digit chunks at once.
    let deadline = paced ? await idlePeriod() : undefined;
    for (let i = 0; i < n; ) {
      const k = Math.min(paced ? IDLE_CHUNK : EVAL_CHUNK, n - i);
      const p = model.predict(new Tensor(set.x.subarray(i * 784, (i + k) * 784), [k, 1, 28, 28])).data;
      for (let r = 0; r < k; r++) {
        let best = 0;
        for (let c = 1; c < 10; c++) if (p[r * 10 + c]! > p[r * 10 + best]!) best = c;
        guesses[i + r] = best;
        if (best === set.labels[i + r]) right++;
      }
      i += k;
      if (!paced) await yieldToPage();
      else if (!deadline || deadline.timeRemaining() < 3) deadline = await idlePeriod();
    }
    const a = right / n;
    if (set === train) trainAcc = a;
    else {
      testAcc = a;
      showGuesses(guesses);
    }
    return a;
  }

  // ---- the first test digits and what the net says they are (as ConvNetJS's demo shows) ----
  const guessBox = el('section', 'cnn-guesses');
  guessBox.append(el('p', 'cnn-h', `What the net reads in the first ${GUESSES} test digits`));
  const guessHint = el('p', 'demo-muted cnn-small', 'A red frame is a mistake (the label is under it). Choose a digit to see its feature maps.');
  const guessGrid = el('div', 'cnn-guess-grid');
  guessBox.append(guessHint, guessGrid);
  box.insertBefore(guessBox, mapsBox);
  const guessCells = Array.from({ length: Math.min(GUESSES, data.test.count) }, (_, i) => {
    const b = el('button', 'cnn-guess');
    b.type = 'button';
    const c = el('canvas', 'cnn-tile');
    const label = el('span', 'demo-num', '·');
    b.append(c, label);
    b.addEventListener('click', () => choose({ kind: 'test', index: i }));
    guessGrid.append(b);
    return { b, c, label };
  });
  function showGuesses(guesses: Uint8Array): void {
    const p = palette(root);
    guessCells.forEach(({ b, c, label }, i) => {
      if (c.width !== 28) paintPlanes([c], digit(data.test, i), 28, 28, 1, p);
      const truth = data.test.labels[i]!;
      const g = guesses[i]!;
      const wrong = g !== truth;
      b.classList.toggle('cnn-wrong', wrong);
      label.textContent = wrong ? `${g} (${truth})` : String(g);
      b.setAttribute('aria-label', `test digit ${i + 1}: the net reads ${g}${wrong ? `, but it is a ${truth}` : ''}; show its feature maps`);
    });
  }
  function showStatus(): void {
    const epochs = trainAll ? (steps * config.batchSize) / trainAll.count : 0;
    const acc = (a: number | undefined): string => (a === undefined ? '…' : `${(a * 100).toFixed(1)} %`);
    setText(status, `step ${steps} · epoch ${epochs.toFixed(2)} · train accuracy ${acc(trainAcc)} · test accuracy ${acc(testAcc)}`);
  }

  // ---- training in the Worker ----
  function makeTrainer(): TrainingWorker {
    const url = env.asset('worker');
    if (url && typeof Worker === 'function') {
      try {
        const worker = new Worker(url, { type: 'module' });
        // A Worker whose script cannot load (404, a CSP) fails later, with an error event and no message: until it
        // has said anything, an error means "train on the page instead".
        let heard = false;
        worker.addEventListener('message', () => (heard = true), { once: true });
        worker.addEventListener('error', (e) => {
          if (heard || destroyed) return;
          e.preventDefault();
          worker.terminate();
          trainer = pageTrainer();
          speed.message('the training Worker did not start; training on the page');
          if (run) {
            const paused = state === 'paused';
            stopRun();
            stepsBase = steps;
            startRun(paused);
          }
        }, { once: true });
        return new workerClient!.TrainingWorker(worker);
      } catch {
        // new Worker throws synchronously for a URL it refuses (another origin).
      }
    }
    return pageTrainer();
  }

  /** The same protocol served on the page over a MessageChannel: slower for the page, but it trains. */
  function pageTrainer(): TrainingWorker {
    inWorker = false;
    const channel = new MessageChannel();
    void import('../../engine/worker/serve.js').then(({ serveTraining }) => {
      serveTraining(channel.port1 as unknown as PortLike);
      channel.port1.start();
    });
    channel.port2.start();
    return new workerClient!.TrainingWorker(channel.port2 as unknown as PortLike);
  }

  function setState(s: DemoState): void {
    state = s;
    reportStatus(root, { state: s });
    transport.setPlaying(s === 'running');
  }

  function startRun(paused: boolean): void {
    const my = { token: ++token, abort: new AbortController(), started: false };
    run = my;
    startClickedAt = performance.now();
    firstStepMs = undefined;
    rate = undefined;
    if (!train) speed.message('loading the training digits …');
    // The Worker's client loads with the training digits, on the first Play: drawing and the samples do without.
    Promise.all([ensureTrain().then((set) => digitsOf(set)), (clientLoad ??= import('../../engine/worker/client.js').then((m) => void (workerClient = m)))]).then(
      ([set]) => {
        if (my.token === token && !destroyed) trainOn(set, my, paused);
      },
      (error: unknown) => {
        if (my.token !== token) return;
        speed.message(`could not load the training digits: ${error instanceof Error ? error.message : String(error)}`);
        setState('error');
      },
    );
  }

  function trainOn(set: DigitSet, my: NonNullable<typeof run>, paused: boolean): void {
    trainer ??= makeTrainer();
    let note = '';
    if (/webgl/.test(backend)) {
      // Chromium gives a dedicated Worker WebGL2 even with --disable-webgl: a browser whose WebGL is off for
      // pages should not get it through the Worker, so the page is asked first (one test context).
      const probe = backendMayStart(backend);
      if (!probe.ok) {
        const why = probe.reason ?? 'no WebGL on this page';
        backendSelect.markUnavailable(backend, why);
        note = ` (${backend} cannot start here: ${why})`;
        backend = 'reference';
        backendSelect.set('reference');
      }
    }
    const weights: WeightsJson = net.save();
    const base = stepsBase;
    speed.message(`starting ${backend} ${inWorker ? 'in a Worker' : 'on the page'}${note} …`);
    const t = trainer;
    const promise = t.train({
      model: { weights, seed: config.seed, optimizer: optimizerSpec(config), backend },
      // This run's own floats, handed over (transferData), not copied.
      data: {
        x: { data: set.x, shape: [set.count, 1, 28, 28] },
        y: { data: set.y, shape: [set.count, 10] },
        batchSize: config.batchSize,
        seed: config.seed + base,
      },
      steps: 1e9,
      every: REPORT_EVERY,
      weightsWithProgress: true,
      transferData: true,
      signal: my.abort.signal,
      onReady: (info) => {
        if (my.token !== token) return;
        reportStatus(root, { backend: info.backend });
        executed = info.executed;
      },
      onStep: (p, w) => {
        if (my.token !== token || destroyed) return;
        steps = base + p.step;
        if (firstStepMs === undefined) {
          firstStepMs = performance.now() - startClickedAt;
          root.dataset.demoFirstStepMs = firstStepMs.toFixed(0);
        }
        if (w) net.load(w);
        const now = performance.now();
        // Over windows of ≥ 1 s of wall clock: reports arrive in bursts (a busy page delivers several messages in
        // one task), so the time between two of them says nothing about the speed.
        if (!rate || state !== 'running') rate = { steps, t: now, perSecond: rate?.perSecond ?? 0 };
        else if (now - rate.t >= 1000) {
          const perSecond = ((steps - rate.steps) * config.batchSize * 1000) / (now - rate.t);
          rate = { steps, t: now, perSecond: rate.perSecond ? 0.5 * rate.perSecond + 0.5 * perSecond : perSecond };
        }
        const name = root.dataset.demoBackend ?? backend;
        // gpu.js modes report the GL renderer too; the readout keeps the mode, its title the whole string.
        const short = executed.replace(/ \(ANGLE.*$/, '');
        const shown = !short || short === name ? name : short.startsWith(name) ? short : `${name} (${short})`;
        speed.element.title = executed;
        const where = `${shown} ${inWorker ? 'in a Worker' : 'on the page'} · first step ${firstStepMs.toFixed(0)} ms after start`;
        speedView = { perSecond: rate.perSecond, where };
        lossSum += p.meanLoss;
        lossN++;
        if (lossN >= LOSS_POINT_EVERY || state !== 'running') {
          lossChart.push(0, steps, lossSum / lossN);
          lossSum = 0;
          lossN = 0;
        }
        reportStatus(root, { steps, loss: p.loss });
        if (steps - lastEvalStep >= EVAL_EVERY) void evaluate(true);
        schedulePaint();
      },
    });
    my.started = true;
    if (paused || state === 'paused') t.pause();
    if (pendingSteps > 0) t.step(pendingSteps);
    pendingSteps = 0;
    promise.then(
      () => {
        if (my.token === token) run = undefined;
      },
      (error: unknown) => {
        if (my.token !== token || destroyed) return;
        run = undefined;
        const message = error instanceof Error ? error.message : String(error);
        if (backend !== 'reference') {
          // A GPU backend that cannot start here: say so in the picker and go on with the reference.
          backendSelect.markUnavailable(backend, message);
          speed.message(`${backend} failed (${message}); training on reference instead`);
          backend = 'reference';
          backendSelect.set('reference');
          stepsBase = steps;
          if (state === 'running') startRun(false);
          return;
        }
        speed.message(`training stopped: ${message}`);
        setState('error');
      },
    );
  }

  function playOrResume(): void {
    // The speed window starts again: the paused time is not training time.
    if (rate) rate = { steps, t: performance.now(), perSecond: rate.perSecond };
    if (run && state === 'paused') trainer?.resume();
    else {
      stepsBase = steps;
      startRun(false);
    }
    setState('running');
  }
  function pause(): void {
    trainer?.pause();
    setState('paused');
  }
  function stepOnce(): void {
    if (!run) {
      stepsBase = steps;
      startRun(true);
    }
    setState('paused');
    if (run?.started) trainer?.step(1);
    else pendingSteps++;
  }
  function stopRun(): void {
    if (!run) return;
    run.abort.abort();
    token++;
    run = undefined;
  }
  function reset(): void {
    const wasRunning = state === 'running';
    stopRun();
    startFrom(from);
    steps = 0;
    stepsBase = 0;
    lastEvalStep = -Infinity;
    trainAcc = testAcc = undefined;
    lossChart.clear();
    accChart.clear();
    lossSum = 0;
    lossN = 0;
    reportStatus(root, { steps: 0 });
    showStatus();
    void evaluate();
    schedulePaint(true);
    if (drawn) classifyDrawing(true);
    if (wasRunning) startRun(false);
    else setState('idle');
  }
  function setBackend(name: string): void {
    backend = name;
    if (!run) return;
    const wasRunning = state === 'running';
    stopRun();
    stepsBase = steps;
    startRun(!wasRunning);
  }

  // ---- first paint ----
  showStatus();
  // Let the page lay out and paint the controls before the first (cold) pass through the net.
  await yieldToPage();
  paintMaps();
  void evaluate();
  reportStatus(root, { steps: 0 });
  setState('idle');
  root.dataset.demoFetchedBytes = String(fetchedBytes);
  root.dataset.demoLoadMs = (performance.now() - mountedAt).toFixed(0);
  if (env.autostart) playOrResume();
  // Timed on one batch of blank digits: the time of a step does not depend on the pixels, and the training
  // digits (626 KB) are not fetched for it.
  const cancelMeasure = measureInBackground(env, workload, () => {
    const n = config.batchSize, y = new Float32Array(n * 10);
    for (let i = 0; i < n; i++) y[i * 10 + (i % 10)] = 1;
    return { model: { weights: net.save(), seed: config.seed, optimizer: optimizerSpec(config) }, data: { x: { data: new Float32Array(n * 784), shape: [n, 1, 28, 28] }, y: { data: y, shape: [n, 10] } } };
  });

  return {
    destroy() {
      destroyed = true;
      cancelMeasure();
      stopRun();
      trainer?.terminate();
      pad.destroy();
      backendSelect.destroy();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(timer);
    },
  };
};

/** The drawn digit's preprocessing (crop, centre by mass, 28×28), loaded with the first stroke. */
let digitModule: typeof import('../../engine/data/digit.js') | undefined;
let digitLoad: Promise<void> | undefined;

/** The Worker's client module, loaded on the first Play (see `startRun`). */
let workerClient: typeof import('../../engine/worker/client.js') | undefined;
let clientLoad: Promise<void> | undefined;

/**
 * Resolves in the page's next idle period with its deadline (`requestIdleCallback`; at the latest after 100 ms, so a
 * busy page still gets its samples, slowly), or after a macrotask without a deadline where there is none.
 */
function idlePeriod(): Promise<IdleDeadline | undefined> {
  if (typeof requestIdleCallback !== 'function') return yieldToPage().then(() => undefined);
  return new Promise((resolve) => requestIdleCallback(resolve, { timeout: 100 }));
}

/** One digit's 784 inputs. */
function digit(set: DigitSet, i: number): Float32Array {
  return set.x.subarray(i * 784, (i + 1) * 784);
}

function describe(m: FeatureMap): string {
  switch (m.kind) {
    case 'input': return '28×28 pixels';
    case 'activation': return m.shape.length === 3 ? `convolution + ${m.name.replace(/\d+$/, '')}` : `dense + ${m.name.replace(/\d+$/, '')}`;
    case 'pool': return 'max pooling';
    case 'softmax': return 'probabilities of 0–9';
    default: return m.kind;
  }
}

function kb(bytes: number): string {
  return `${formatRate(bytes / 1024)} KB`;
}
