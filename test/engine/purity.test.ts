/**
 * src/engine runs in browsers: it may import only its own files and gpu.js — no node:* modules, no Buffer, no fs,
 * no process, nothing from the site. This scans every source file so the rule cannot rot silently.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/engine');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

test('src/engine imports only itself and gpu.js', () => {
  const bad: string[] = [];
  const all = files(root);
  assert.ok(all.length > 10, 'found the engine sources');
  for (const f of all) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec === 'gpu.js') continue;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(f), spec);
        if (!target.startsWith(root)) bad.push(`${relative(root, f)}: imports ${spec} (outside src/engine)`);
        continue;
      }
      bad.push(`${relative(root, f)}: imports '${spec}' (only gpu.js is allowed)`);
    }
  }
  assert.deepEqual(bad, []);
});

test('src/engine uses no Node globals (Buffer, process, require, __dirname)', () => {
  const bad: string[] = [];
  for (const f of files(root)) {
    // Strip comments so documentation may mention them.
    const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const g of ['Buffer', 'process', 'require', '__dirname', '__filename', 'global']) {
      if (new RegExp(`\\b${g}\\b(?!['"])`).test(code)) bad.push(`${relative(root, f)}: uses ${g}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the scanner catches a forbidden import', () => {
  const sample = "import { readFileSync } from 'node:fs';\nimport x from '../../site/build.js';";
  const specs = [...sample.matchAll(IMPORT)].map((m) => m[1]);
  assert.deepEqual(specs, ['node:fs', '../../site/build.js']);
});
