/**
 * The contract between the engine benchmark runner (`run.ts`) and every contestant in it: our engine
 * (`ours-mlp.ts`, `ours-cnn.ts`, `ours-lstm.ts`, written by the engine engineer), the peers (brain.js, TF.js,
 * ConvNetJS) and the plain Float32Array-loop baselines.
 *
 * How the runner uses a contestant: `await setup()`, then a warm-up (`trainSteps` for a short wall-clock
 * window, so JIT, kernel compilation and texture allocation are paid before measuring), then `trainSteps`
 * repeatedly inside a fixed wall-clock window; throughput = Σ(returned counts) / elapsed seconds. After the
 * window it calls `evaluate()` if present, then `dispose()` if present. A contestant object is used once; for
 * repeated rounds the runner calls the module's `createContestants` again (at most one contestant is set up at
 * a time).
 *
 * Every contestant of one workload is handed the *same* workload object (same data, same sizes, same seed), so
 * the numbers in one table are comparable.
 */
import type { MnistSet } from '../../../src/engine/data/mnist-format.js';

/** Which of the three benchmark workloads a contestant belongs to. */
export type WorkloadKind = 'mlp' | 'cnn' | 'lstm';

/** One entrant in a benchmark: a library (or our engine on one backend) wrapped to a common shape. */
export interface Contestant {
  /** Human-readable name shown in the table, e.g. `"danlu"`, `"brain.js NeuralNetwork"`, `"plain loops"`. */
  readonly name: string;
  /**
   * The backend that *actually ran*, e.g. `"cpu"`, `"webasm"`, `"tfjs-cpu"`, `"js"`. Read after `setup()`:
   * engines that pick a backend by measuring (or that fall back) only know it then. Report what executed,
   * not what was requested.
   */
  readonly backend: string;
  /** Build the model and allocate everything. Not timed. Must be deterministic under `workload.seed`. */
  setup(): Promise<void>;
  /**
   * Run `n` optimizer steps and resolve only when their work is really done (for asynchronous/GPU backends:
   * after a read-back that depends on the last step, e.g. the loss), so wall-clock time covers the work.
   * One step is one mini-batch of `workload.batchSize` examples (MLP, CNN) or one sequence with
   * backpropagation through time (LSTM).
   *
   * @returns how many examples (MLP, CNN) or timesteps (LSTM: `seqLength − 1` per sequence, the number of
   *   next-step predictions trained) were processed by these `n` steps.
   */
  trainSteps(n: number): Promise<number>;
  /**
   * Quality after training, so a fast contestant cannot win by not learning. Meaning per workload:
   * MLP → classification accuracy on the spiral points (0..1); CNN → accuracy on the held-out test set (0..1);
   * LSTM → mean squared error of the next-step prediction over the workload's sequences (lower is better).
   */
  evaluate?(): Promise<number>;
  /** Free GPU textures, workers, tf tensors… Called once at the end. */
  dispose?(): Promise<void> | void;
}

/** Fields shared by all workloads. */
interface WorkloadBase {
  readonly kind: WorkloadKind;
  /** Seed for weight initialisation and shuffling; contestants that accept a seed must use it. */
  readonly seed: number;
  /** Learning rate for plain SGD (the optimizer every contestant uses unless noted in BENCHMARKS.md). */
  readonly learningRate: number;
}

/**
 * MLP 2-8-8-1 with sigmoid activations (every layer, output included) and MSE loss ½Σ(o−t)², trained by plain
 * SGD on mini-batches of two-spirals points (gradients averaged over the batch).
 */
export interface MlpWorkload extends WorkloadBase {
  readonly kind: 'mlp';
  /** Layer widths, input first: `[2, 8, 8, 1]`. */
  readonly layers: readonly number[];
  /** Number of points (500). */
  readonly count: number;
  /** Row-major `count × 2` coordinates, roughly in [-1, 1]. */
  readonly inputs: Float32Array;
  /** `count` targets, 0 or 1 (which spiral). */
  readonly targets: Float32Array;
  /** Examples per optimizer step (32 or 500); step k uses examples [k·b, (k+1)·b) mod count. */
  readonly batchSize: number;
}

/**
 * ConvNetJS's MNIST demo net on 28×28 grey digits scaled to [0, 1]:
 * conv 5×5×8 stride 1 pad 2 + ReLU → max-pool 2×2 stride 2 → conv 5×5×16 stride 1 pad 2 + ReLU →
 * max-pool 3×3 stride 3 → dense 10 → softmax + cross-entropy. Trained by SGD (momentum 0.9 allowed, say so).
 */
export interface CnnWorkload extends WorkloadBase {
  readonly kind: 'cnn';
  /** Class-balanced training digits (see `scripts/data/pack-mnist.ts`). */
  readonly train: MnistSet;
  /** Class-balanced held-out digits, never trained on; `evaluate()` reports accuracy on these. */
  readonly test: MnistSet;
  /** Examples per optimizer step. */
  readonly batchSize: number;
  /** SGD momentum; ConvNetJS's demo uses 0.9. */
  readonly momentum: number;
}

/**
 * A single-layer LSTM (`inputSize → hiddenSize → dense outputSize`) trained by backpropagation through time to
 * predict the next value of a sequence, the same size as brain.js `recurrent.LSTMTimeStep({inputSize,
 * hiddenLayers: [hiddenSize], outputSize})`.
 */
export interface LstmWorkload extends WorkloadBase {
  readonly kind: 'lstm';
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  /**
   * Training sequences, each `seqLength × inputSize` values row-major (timestep-major). The target at step t
   * is the input at step t+1, so one sequence gives `seqLength − 1` predictions; a step trains on one sequence.
   */
  readonly sequences: readonly Float32Array[];
  readonly seqLength: number;
}

/** Any workload. */
export type Workload = MlpWorkload | CnnWorkload | LstmWorkload;

/**
 * What an adapter module (`ours-mlp.ts`, `peer-brain.ts`, …) exports: a factory that returns one contestant per
 * backend it wants measured (e.g. our engine on `cpu` and on `webasm`, plus an `auto` entry that chooses).
 * Return an empty array if nothing can run here (the runner then prints a "not available" row).
 */
export type CreateContestants<W extends Workload> = (workload: W) => Contestant[] | Promise<Contestant[]>;

/** The named export the runner looks for in each adapter module. */
export interface ContestantModule<W extends Workload> {
  createContestants: CreateContestants<W>;
}
