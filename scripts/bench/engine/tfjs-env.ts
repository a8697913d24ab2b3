/**
 * Loads TensorFlow.js 4.22 on a chosen backend for the peers: `cpu` (pure JS, what runs anywhere) and `wasm`
 * (`@tensorflow/tfjs-backend-wasm`, whose .wasm binaries ship inside its npm package: we point `setWasmPaths` at
 * node_modules, so nothing is fetched). tfjs has one global backend, so contestants run one after another and
 * each selects its backend in `setup()`.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The tfjs backends the benchmark measures. */
export type TfBackend = 'cpu' | 'wasm';

/** Backends to try, in table order. */
export const TF_BACKENDS: readonly TfBackend[] = ['cpu', 'wasm'];

let wasmPathSet = false;

/** Switch tfjs to `backend` and return the module; throws if the backend cannot initialise here. */
export async function useTf(backend: TfBackend): Promise<typeof tf> {
  if (backend === 'wasm' && !wasmPathSet) {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    wasmPathSet = true;
  }
  // Production mode skips tfjs's development-time checks: the fastest configuration a site would ship.
  tf.env().set('PROD', true);
  // tfjs logs an advert for tfjs-node the first time a backend is set in Node; it is noise in a table.
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend "${backend}" failed to initialise`);
    await tf.ready();
    // The advert fires on the backend's first tensor write; trigger it while the console is muted.
    tf.scalar(0).dispose();
  } finally {
    console.warn = warn;
    console.log = log;
  }
  return tf;
}
