/**
 * The search client ships as written, like theme.js: it must already be ES2020 (its one newer feature is the
 * dynamic import of Pagefind's runtime), stay small, and build results from text nodes, never from HTML strings.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { transform } from 'esbuild';
import { defaultTheme } from '../../../themes/default/index.js';

const source = readFileSync(join(defaultTheme.assetsDir, 'search.js'), 'utf8');

describe('default theme search client', () => {
  it('is plain ES2020 (nothing for esbuild to lower)', async () => {
    const es2020 = await transform(source, { target: 'es2020', loader: 'js' });
    const esnext = await transform(source, { target: 'esnext', loader: 'js' });
    assert.equal(es2020.code, esnext.code);
  });

  it('is small and never writes HTML strings into the page', () => {
    assert.ok(Buffer.byteLength(source) < 24 * 1024, `search.js is ${Buffer.byteLength(source)} bytes`);
    assert.ok(!/\.innerHTML\s*=|insertAdjacentHTML|document\.write/.test(source));
  });

  it('is not linked by every page: theme.js loads it on first use', () => {
    assert.ok(!defaultTheme.scripts.some((s) => s.endsWith('search.js')));
  });
});
