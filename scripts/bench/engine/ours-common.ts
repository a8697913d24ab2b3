/**
 * Shared plumbing of the danlu engine's bench adapters: which backends to enter, and the "auto" entry that lets
 * {@link selectBackend} measure and choose, so the table shows both every backend and what a demo would pick.
 */
import { type Engine, selectBackend } from '../../../src/engine/index.js';

/** Backends entered for each workload (everything that can run in Node); `auto` measures and keeps the fastest. */
export const OUR_BACKENDS = ['reference', 'gpu.js-cpu', 'gpu.js-webasm', 'auto'] as const;

/** Builds `model` on the named backend, or on whichever {@link selectBackend} picks for `auto`. */
export async function buildOn<M>(backend: string, build: (e: Engine) => M, step: (m: M) => unknown): Promise<{ model: M; engine: Engine; executed: string }> {
  const choice = await selectBackend({
    build,
    step,
    ...(backend === 'auto' ? { candidates: ['reference', 'gpu.js-cpu', 'gpu.js-webasm'] } : { override: backend }),
  });
  const label = backend === 'auto' ? `auto→${choice.backend} (${choice.executed})` : choice.executed;
  return { model: choice.model, engine: choice.engine, executed: label };
}
