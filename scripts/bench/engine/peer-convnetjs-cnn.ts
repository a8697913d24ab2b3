/**
 * Peer and CNN baseline: ConvNetJS 0.3.0 with its MNIST demo net (conv 5×5×8 pad 2 relu → pool 2 → conv 5×5×16
 * pad 2 relu → pool 3 → softmax 10), on the full 28×28 digits rather than the demo's random 24×24 crops, so every
 * contestant sees the same input. Trained by its SGD trainer with momentum 0.9 and no weight decay (the demo
 * uses adadelta with l2 0.001; plain momentum SGD keeps the update rule the same as the other contestants').
 * ConvNetJS initialises weights with Math.random; we swap in the seeded generator while it builds the net.
 */
import convnetjs from 'convnetjs';
import { mulberry32 } from '../../data/rng.js';
import type { CnnWorkload, Contestant } from './types.js';

/** The ConvNetJS MNIST demo's layers, on 28×28×1 input. */
export const CONVNETJS_MNIST_LAYERS: convnetjs.LayerDef[] = [
  { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
  { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' },
  { type: 'pool', sx: 2, stride: 2 },
  { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
  { type: 'pool', sx: 3, stride: 3 },
  { type: 'softmax', num_classes: 10 },
];

/** Copy digit `i` of a set into a 28×28×1 Vol, pixels scaled to [0, 1]. */
function toVol(pixels: Uint8Array, i: number, size: number, vol: convnetjs.Vol): convnetjs.Vol {
  const w = vol.w;
  const offset = i * size;
  for (let p = 0; p < size; p++) w[p] = pixels[offset + p]! / 255;
  return vol;
}

/** ConvNetJS on its only backend (plain JS). */
export function createContestants(w: CnnWorkload): Contestant[] {
  const { rows, cols } = w.train;
  const size = rows * cols;
  let net: convnetjs.Net | undefined;
  let trainer: convnetjs.Trainer | undefined;
  let vols: convnetjs.Vol[] = [];
  let cursor = 0;
  return [
    {
      name: 'ConvNetJS',
      backend: 'js',
      async setup() {
        const random = Math.random;
        Math.random = mulberry32(w.seed);
        try {
          net = new convnetjs.Net();
          net.makeLayers(CONVNETJS_MNIST_LAYERS.map((d) => ({ ...d })));
        } finally {
          Math.random = random;
        }
        trainer = new convnetjs.SGDTrainer(net, { method: 'sgd', learning_rate: w.learningRate, momentum: w.momentum, batch_size: w.batchSize, l2_decay: 0 });
        // Vols prepared up front, as the demo does: conversion is not what we time.
        vols = Array.from({ length: w.train.count }, (_, i) => toVol(w.train.pixels, i, size, new convnetjs.Vol(cols, rows, 1, 0)));
        cursor = 0;
      },
      async trainSteps(n) {
        const t = trainer!;
        for (let s = 0; s < n; s++) {
          for (let e = 0; e < w.batchSize; e++) {
            t.train(vols[cursor]!, w.train.labels[cursor]!);
            cursor = cursor + 1 === w.train.count ? 0 : cursor + 1;
          }
        }
        return n * w.batchSize;
      },
      async evaluate() {
        const m = net!;
        const vol = new convnetjs.Vol(cols, rows, 1, 0);
        let correct = 0;
        for (let i = 0; i < w.test.count; i++) {
          m.forward(toVol(w.test.pixels, i, size, vol), false);
          if (m.getPrediction() === w.test.labels[i]) correct++;
        }
        return correct / w.test.count;
      },
      dispose() {
        vols = [];
      },
    },
  ];
}
