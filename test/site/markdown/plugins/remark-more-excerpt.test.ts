import assert from 'node:assert/strict';
import { test } from 'node:test';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { remarkMoreExcerpt } from '../../../../src/site/markdown/plugins/remark-more-excerpt.js';

const processor = unified().use(remarkParse).use(remarkMoreExcerpt);
function excerptOf(md: string) {
  const file = new VFile(md);
  processor.runSync(processor.parse(file), file);
  return file.data.excerpt;
}

test('a top-level <!-- more --> records the index of the child where the excerpt ends', () => {
  assert.deepEqual(excerptOf('intro\n\n| a |\n|---|\n\n> quote\n\n<!-- more -->\n\nrest'), { kind: 'more', endOffset: 3 });
});

test('spacing and case variants are accepted', () => {
  assert.deepEqual(excerptOf('a\n\n<!--more-->\n\nb'), { kind: 'more', endOffset: 1 });
  assert.deepEqual(excerptOf('a\n\n<!--   MORE   -->\n\nb'), { kind: 'more', endOffset: 1 });
});

test('without the marker, or with it only inside code or a list, excerpt stays undefined', () => {
  assert.equal(excerptOf('a\n\nb'), undefined);
  assert.equal(excerptOf('```\n<!-- more -->\n```'), undefined);
  assert.equal(excerptOf('- a\n\n  <!-- more -->'), undefined);
  assert.equal(excerptOf('<!-- more than this -->'), undefined);
});
