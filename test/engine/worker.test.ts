/** The training Worker's protocol, served on one end of a MessageChannel and driven by the client on the other. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMLP } from '../../src/engine/models/mlp.js';
import { TrainingWorker } from '../../src/engine/worker/client.js';
import type { PortLike } from '../../src/engine/worker/protocol.js';
import { serveTraining } from '../../src/engine/worker/serve.js';

function pair(): { client: TrainingWorker; close: () => void } {
  const ch = new MessageChannel();
  serveTraining(ch.port1 as unknown as PortLike);
  ch.port1.start();
  ch.port2.start();
  return { client: new TrainingWorker(ch.port2 as unknown as PortLike), close: () => (ch.port1.close(), ch.port2.close()) };
}

const data = { x: { data: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), shape: [4, 2] }, y: { data: new Float32Array([0, 1, 1, 0]), shape: [4, 1] } };
const model = { kind: 'mlp' as const, config: { sizes: [2, 8, 1] }, seed: 1, optimizer: { name: 'adam' as const, lr: 0.1 } };

test('the Worker builds the model from plain data, trains, reports and returns weights', async () => {
  const { client, close } = pair();
  try {
    const losses: number[] = [];
    let ready = '';
    const r = await client.train({ model, data, steps: 1000, every: 100, onStep: (p) => losses.push(p.loss), onReady: (i) => (ready = i.backend) });
    assert.equal(ready, 'reference');
    assert.equal(r.steps, 1000);
    assert.equal(losses.length, 10);
    assert.ok(losses.at(-1)! < losses[0]! * 0.5, losses.join(' → '));
    // The weights load into a page-side model, which then predicts what the Worker's model would.
    const page = createMLP({ sizes: [2, 8, 1] });
    page.load(r.weights);
    assert.deepEqual(page.save().params, r.weights.params);
  } finally {
    close();
  }
});

test('stop through an AbortSignal resolves with stopped: true; pause, step and setLearningRate reach the Worker', async () => {
  const { client, close } = pair();
  try {
    const ac = new AbortController();
    const steps: number[] = [];
    const run = client.train({
      model, data, every: 10, signal: ac.signal,
      onStep: (p) => {
        steps.push(p.step);
        if (p.step === 50) client.pause();
      },
    });
    await waitFor(() => steps.includes(50));
    client.setLearningRate(0);
    client.step(4);
    await waitFor(() => steps.length >= 6);
    // The pause takes effect after the chunk in progress; the 4 hand steps come after that and are reported.
    assert.ok(steps.at(-1)! >= 54 && steps.at(-1)! <= 250, `stepped by hand to ${steps.at(-1)}`);
    ac.abort();
    const r = await run;
    assert.equal(r.stopped, true);
    assert.equal(r.reason, 'aborted');
  } finally {
    close();
  }
});

test('a bad config rejects with the Worker error named', async () => {
  const { client, close } = pair();
  try {
    await assert.rejects(client.train({ model: { kind: 'mlp', config: { sizes: [2] } }, data, steps: 1 }), /ShapeError: mlp: sizes/);
  } finally {
    close();
  }
});

async function waitFor(cond: () => boolean, max = 20_000): Promise<void> {
  for (let i = 0; i < max && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'condition never held');
}

test("backend 'auto' chooses in the Worker and says what ran", async () => {
  const { client, close } = pair();
  try {
    let ready = '';
    const r = await client.train({ model: { ...model, backend: 'auto' }, data, steps: 20, onReady: (i) => (ready = i.backend) });
    assert.ok(ready.length > 0);
    assert.equal(r.backend, ready);
    assert.equal(r.steps, 20);
  } finally {
    close();
  }
});
