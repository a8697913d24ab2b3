/**
 * The client script ships as written (no build step), so it must already be ES2019 and stay small. esbuild
 * (a dev dependency) lowers any newer syntax when asked for es2019; if the output for es2019 differs from the
 * output for esnext, the source used syntax an ES2019 browser cannot parse.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { transform } from 'esbuild';
import { defaultTheme } from '../../../themes/default/index.js';
import { THEME_STORAGE_KEY } from '../../../themes/default/index.js';

const source = readFileSync(join(defaultTheme.assetsDir, 'theme.js'), 'utf8');

describe('default theme client script', () => {
  it('is plain ES2019 (nothing for esbuild to lower)', async () => {
    const es2019 = await transform(source, { target: 'es2019', loader: 'js' });
    const esnext = await transform(source, { target: 'esnext', loader: 'js' });
    assert.equal(es2019.code, esnext.code);
  });

  it('a newer syntax would be caught by that check', async () => {
    const modern = 'var a = b?.c ?? 1;';
    const es2019 = await transform(modern, { target: 'es2019', loader: 'js' });
    const esnext = await transform(modern, { target: 'esnext', loader: 'js' });
    assert.notEqual(es2019.code, esnext.code);
  });

  it('is small, has no imports and shares the storage key with the pre-paint snippet', () => {
    assert.ok(Buffer.byteLength(source) < 16 * 1024, `theme.js is ${Buffer.byteLength(source)} bytes`);
    assert.ok(!/\bimport\s*[({'"]|\brequire\(/.test(source), 'no module loading');
    assert.ok(source.includes(`'${THEME_STORAGE_KEY}'`));
    assert.ok(!/\.innerHTML\s*=|insertAdjacentHTML|document\.write/.test(source), 'search results are built from text nodes, never innerHTML');
  });
});
