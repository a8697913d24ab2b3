/**
 * The dedicated Worker entry: bundle this file as the Worker script (`new Worker(url, { type: 'module' })`) and
 * talk to it with {@link TrainingWorker}. Training runs on the Worker's thread; the page thread only draws.
 */
import type { PortLike } from './protocol.js';
import { serveTraining } from './serve.js';

serveTraining(globalThis as unknown as PortLike);
