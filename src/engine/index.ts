/**
 * danlu's engine: tensors over Float32Array, a kernel contract with a plain-JS reference backend and gpu.js
 * backends, differentiable ops, layers, optimizers and the MLP / CNN / LSTM models the demos train in the browser.
 * Imports nothing but gpu.js. See README.md in this folder.
 */
export { Tensor, TensorStorage, assertFinite, expectShape, fmtShape, keep, liveTensorCount, shapeSize, tidy, type DeviceStore } from './tensor.js';
export { Rng } from './random.js';
export { Batcher, oneHot } from './data.js';
export { DATASETS_2D, generate2d, labelTargets, PLAYGROUND_SCALE, splitTrainTest, type Dataset2dName, type Generate2dOptions, type Points2d } from './data/datasets2d.js';
export { BackendError, KernelNotFoundError, NonFiniteError, ShapeError } from './errors.js';
export { Engine, type Activation, type EngineOptions, type EngineStats } from './engine.js';
export { KERNEL_NAMES, zeroCounters, type Backend, type BackendCounters, type ConvGeom, type KernelName, type KernelTable, type PoolGeom } from './backend/types.js';
export {
  backendNames, createBackend, createBackendAsync, createBestBackend, getKernel, hasKernel, registerBackend, registerKernel, unregisterBackend,
  type BestBackend,
} from './backend/registry.js';
import './backend/cpu/conv-kernels.js';
import './backend/cpu/lstm-kernels.js';
export { addReferenceKernels, createReferenceBackend, referenceKernels } from './backend/cpu/index.js';
import './backend/gpu/register.js';
export { GPU_JS_BACKENDS } from './backend/gpu/register.js';
export { isSoftwareGl } from './backend/types.js';
export { createGpuJsBackend, createGpuJsBackendAsync, GpuJsBackend, GPU_JS_MODES, SOFTWARE_RENDERER, type GpuJsBackendOptions, type GpuJsMode } from './backend/gpu/index.js';
export * as kernels from './backend/gpu/kernels.js';
export { selectBackend, autoBackend, type BackendChoice, type CandidateTiming, type SelectOptions } from './select.js';
export { choiceKey, deviceRenderer, isSoftwareRenderer, pageChoiceStore, readChoice, writeChoice, type ChoiceCache, type ChoiceStore } from './device.js';
export { dense } from './ops/dense.js';
export { activation, relu, sigmoid, tanh } from './ops/activation.js';
export { conv2d, maxPool2d, type Conv2dAttrs, type PoolAttrs } from './ops/conv2d.js';
export { mse, softmaxCrossEntropy } from './ops/losses.js';
export type { DiffOp, LossOp } from './ops/types.js';
export { OpLayer, param, type Layer, type Param } from './nn/layer.js';
export { ActivationLayer, Dense } from './nn/layers.js';
export { Conv2d, Flatten, MaxPool2d, type Conv2dOptions } from './nn/conv-layers.js';
export { LSTM } from './nn/lstm.js';
export { Sequential, type LossName } from './nn/sequential.js';
export { loadParams, saveParams, type WeightsJson } from './nn/serialize.js';
export * from './nn/shape.js';
export { Adam, clipGradients, createOptimizer, Momentum, SGD, type Optimizer, type OptimizerSpec } from './optim/optimizers.js';
export type { ModelOptions } from './models/common.js';
export { createMLP, MLP, type MLPConfig, type MLPExampleTrace, type MLPTrace } from './models/mlp.js';
export { CNN, cnnLayerShapes, convNetJsDemo, createCNN, leNet5, type CNNConfig, type CnnLayerSpec, type CnnStageShape, type FeatureMap } from './models/cnn.js';
export { preprocessDigit, type Digit, type DigitOptions, type GreyImage } from './data/digit.js';
export { createLSTM, LSTMModel, type InspectOptions, type LSTMConfig, type LstmInspection } from './models/lstm.js';
export { train, PauseGate, type Batch, type BatchSource, type TrainableModel, type TrainOptions, type TrainProgress, type TrainResult } from './train.js';
export { yieldToPage } from './yield.js';
export { checkLearningRate } from './optim/optimizers.js';
export { TrainingWorker, WorkerTrainingError, type WorkerTrainOptions, type WorkerTrainResult } from './worker/client.js';
export { serveTraining } from './worker/serve.js';
export { buildModel, batchSource, makeModel, modelFactory, type BuiltModel, type ModelFactory } from './worker/build.js';
export { buildModelOn } from './worker/build-on.js';
export type { DataSpec, FromWorker, ModelSpec, PortLike, TensorData, ToWorker, WorkerTrainSettings } from './worker/protocol.js';
