/**
 * `src/engine/backend/gpu/kernel-sources.ts` holds every gpu.js kernel body as the source string gpu.js parses,
 * generated from `kernels.ts` by esbuild without minification. gpu.js parses a kernel's JavaScript source at run
 * time; a minified bundle renames and merges variables (esbuild gave both softmax loops the counter `l`, and GLSL
 * then fails with "'user_l' : redefinition"), so the backend compiles these strings, which no bundler rewrites.
 * This test fails when the strings are stale; `DANLU_UPDATE_KERNEL_SOURCES=1` rewrites the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { KERNEL_SOURCES } from '../../../src/engine/backend/gpu/kernel-sources.js';

const gpuDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/engine/backend/gpu');

/** The generated module's text for the current kernels.ts. */
async function generate(): Promise<string> {
  const js = transformSync(readFileSync(join(gpuDir, 'kernels.ts'), 'utf8'), { loader: 'ts', format: 'esm', target: 'es2020' }).code;
  const dir = mkdtempSync(join(tmpdir(), 'danlu-kernels-'));
  try {
    const file = join(dir, 'kernels.mjs');
    writeFileSync(file, js);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function').sort();
    const body = names.map((n) => `  ${n}: ${JSON.stringify(String(mod[n]))},`).join('\n');
    return `// Generated from kernels.ts by test/engine/backend/kernel-sources.test.ts (DANLU_UPDATE_KERNEL_SOURCES=1); do not edit.
/**
 * Every gpu.js kernel body of \`kernels.ts\` as unminified JavaScript source, the form gpu.js parses. The backend
 * compiles these strings rather than \`fn.toString()\`, because a minifier renames and merges a function's
 * variables (two loops sharing one counter name), which gpu.js turns into invalid GLSL; strings survive any bundler.
 */
export const KERNEL_SOURCES: Readonly<Record<string, string>> = {
${body}
};
`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('kernel-sources.ts matches kernels.ts (regenerate with DANLU_UPDATE_KERNEL_SOURCES=1)', async () => {
  const want = await generate();
  const path = join(gpuDir, 'kernel-sources.ts');
  if (process.env.DANLU_UPDATE_KERNEL_SOURCES === '1') writeFileSync(path, want);
  assert.equal(readFileSync(path, 'utf8'), want);
  assert.ok(Object.keys(KERNEL_SOURCES).length >= 28);
});
