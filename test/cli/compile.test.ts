/**
 * bin/compile.js and the launcher's use of it, on a copy of the checkout (so this test never swaps the lib/ that
 * other tests run): `npm install` compiles once, an edited source is compiled again before the CLI runs it, and an
 * install without the devDependencies runs the sources through tsx, or says what to do when it cannot.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

/** A copy of what a clone holds for the CLI; `node_modules` links to the real one's packages, less `omit`. */
function checkout(omit: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-compile-'));
  for (const p of ['bin', 'src', 'themes', 'scripts/data', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json']) {
    cpSync(path.join(repo, p), path.join(dir, p), { recursive: true });
  }
  if (omit.length === 0) symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  else {
    mkdirSync(path.join(dir, 'node_modules'));
    for (const name of readdirSync(path.join(repo, 'node_modules'))) {
      if (!omit.includes(name) && name !== '.bin' && name !== '.cache') symlinkSync(path.join(repo, 'node_modules', name), path.join(dir, 'node_modules', name));
    }
  }
  return dir;
}

const stamp = (dir: string): { sourceHash: string } => JSON.parse(readFileSync(path.join(dir, 'lib/stamp.json'), 'utf8')) as { sourceHash: string };

test('prepare compiles lib/ with what tsc does not emit; an edited source is compiled again before it runs', { timeout: 120_000 }, async () => {
  const dir = checkout();
  try {
    const prepared = await run(process.execPath, ['bin/compile.js'], { cwd: dir });
    assert.match(prepared.stdout, /compiled to lib\/ in \d+ ms/);
    for (const f of ['src/cli/index.js', 'src/site/build/render-worker.js', 'themes/default/index.js', 'themes/default/assets/style.css', 'src/demos/cnn/weights.json', 'src/demos/hydrate.ts', 'src/engine/worker/worker.ts', 'package-lock.json']) {
      assert.ok(existsSync(path.join(dir, 'lib', f)), `lib/${f}`);
    }
    assert.ok(!existsSync(path.join(dir, 'lib/src/site/build.ts')), 'only the browser sources are copied as TypeScript');
    assert.match(stamp(dir).sourceHash, /^[0-9a-f]{16}$/);

    const first = await run(process.execPath, ['bin/danlu.js', '--help'], { cwd: dir });
    assert.match(first.stdout, /^danlu — a static site generator/);
    const compiledAt = statSync(path.join(dir, 'lib/stamp.json')).mtimeMs;

    // A developer's edit: the next run compiles it first, and the hash of the sources follows.
    const cli = path.join(dir, 'src/cli/index.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace('danlu — a static site generator', 'danlu (edited) — a static site generator'));
    const before = stamp(dir).sourceHash;
    const edited = await run(process.execPath, ['bin/danlu.js', '--help'], { cwd: dir });
    assert.match(edited.stdout, /^danlu \(edited\) — a static site generator/);
    assert.notEqual(stamp(dir).sourceHash, before);

    // Nothing changed since: no compile.
    const again = statSync(path.join(dir, 'lib/stamp.json')).mtimeMs;
    assert.notEqual(again, compiledAt);
    await run(process.execPath, ['bin/danlu.js', '--help'], { cwd: dir });
    assert.equal(statSync(path.join(dir, 'lib/stamp.json')).mtimeMs, again, 'compiled again with nothing changed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without TypeScript (npm install --omit=dev) the sources run through tsx; without tsx either, a clear message', { timeout: 120_000 }, async () => {
  const dir = checkout(['typescript', '@typescript']);
  try {
    const prepared = await run(process.execPath, ['bin/compile.js'], { cwd: dir });
    assert.match(prepared.stdout, /TypeScript is not installed/);
    assert.ok(!existsSync(path.join(dir, 'lib')));
    const help = await run(process.execPath, ['bin/danlu.js', '--help'], { cwd: dir });
    assert.match(help.stdout, /^danlu — a static site generator/);

    rmSync(path.join(dir, 'node_modules/tsx'));
    const failed = await run(process.execPath, ['bin/danlu.js', '--help'], { cwd: dir }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    assert.equal(failed?.code, 1);
    assert.match(failed?.stderr ?? '', /lib\/ is not compiled, and neither TypeScript \(to compile it\) nor tsx \(to run the sources\) is installed\. Run `npm install`/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
