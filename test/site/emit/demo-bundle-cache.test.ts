/**
 * The demo bundle's cache: a second build reads the same files without bundling or making the data again; a
 * damaged entry is bundled again; only the current entry is kept.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cachedDemoBundle, demoBundleKey } from '../../../src/site/emit/demo-bundle-cache.js';

test('a cache hit gives the same files and needs neither esbuild nor the data', async () => {
  const cache = mkdtempSync(path.join(tmpdir(), 'danlu-demo-cache-'));
  try {
    let made = 0;
    const data = async () => {
      made++;
      return { 'cnn-weights': { bytes: new TextEncoder().encode('{"w":[1,2,3]}'), ext: 'json' } };
    };
    // An entry of an older key, which the new one replaces.
    mkdirSync(path.join(cache, 'demos-0000'));
    const first = await cachedDemoBundle(cache, { data });
    assert.equal(first.cached, false);
    assert.equal(made, 1);
    assert.ok(first.bundle.files.has(first.bundle.hydrator));
    assert.ok([...first.bundle.files.keys()].some((f) => /^cnn-weights-[0-9a-f]{10}\.json$/.test(f)), 'the data is published with the code');
    assert.deepEqual(readdirSync(cache), [`demos-${first.key}`]);

    const second = await cachedDemoBundle(cache, { data });
    assert.equal(second.cached, true);
    assert.equal(made, 1, 'the data was not made again');
    assert.equal(second.bundle.hydrator, first.bundle.hydrator);
    assert.deepEqual([...second.bundle.files.keys()].sort(), [...first.bundle.files.keys()].sort());
    for (const [name, bytes] of first.bundle.files) assert.deepEqual(Buffer.from(second.bundle.files.get(name)!), Buffer.from(bytes), name);

    // A damaged manifest is a miss, never a crash or a half bundle.
    writeFileSync(path.join(cache, `demos-${first.key}`, 'manifest.json'), '{"hydrator":"../../etc/passwd","files":["../../etc/passwd"]}');
    const third = await cachedDemoBundle(cache, { data });
    assert.equal(third.cached, false);
    assert.equal(made, 2);
    assert.equal(third.bundle.hydrator, first.bundle.hydrator);

    // Without a cache folder it always bundles.
    assert.equal((await cachedDemoBundle(undefined, { data })).cached, false);
    assert.equal(demoBundleKey(), first.key);
    assert.notEqual(demoBundleKey(false), first.key, 'an unminified bundle is another entry');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
