import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fenceSampler } from '../../../src/site/markdown/fence-samples.js';

test('the sampler reports each fence language once, with its first block, across notes', () => {
  const found: Array<[string, string]> = [];
  const sample = fenceSampler((lang, code) => found.push([lang, code]));
  sample('# A\n\n```python\nimport torch\nx = 1\n```\n\n```Python\nsecond = 2\n```\n');
  sample('text only, no code\n');
  sample('~~~ts title="a.ts"\nconst a = 1;\n~~~\n\n```\nno language\n```\n\n````python\nthird = 3\n````\n');
  assert.deepEqual(found, [
    ['python', 'import torch\nx = 1'],
    ['ts', 'const a = 1;'],
  ]);
});

test('a fence is closed only by the same marker, so a longer fence may hold a shorter one', () => {
  const found: Array<[string, string]> = [];
  fenceSampler((lang, code) => found.push([lang, code]))('````md\n```js\nx\n```\n````\n');
  assert.deepEqual(found, [['md', '```js\nx\n```']]);
});
