/** The guard skips GFM's second autolink pass only where it cannot match, and refuses to run without it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { mayHoldAutolinkLiteral, remarkAutolinkLiteralGuard } from '../../../../src/site/markdown/plugins/remark-autolink-literal-guard.js';

const parse = (md: string) => unified().use(remarkParse).use(remarkGfm).use(remarkAutolinkLiteralGuard).parse(md);

test('a note whose text has no address, www. or @ is skipped; one with any of them is not', () => {
  const plain = unified().use(remarkParse).parse('卷积与池化 [链接](https://example.com) `www.x.com` ');
  assert.equal(mayHoldAutolinkLiteral(plain), false, 'link targets and code are not text nodes');
  assert.equal(mayHoldAutolinkLiteral(unified().use(remarkParse).parse('写信 ab&#64;cd.com')), true, 'decoded references count');
  assert.equal(mayHoldAutolinkLiteral(unified().use(remarkParse).parse('见 HTTPS://A.ORG')), true, 'any case');
});

test('links found by the second pass still appear', () => {
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkAutolinkLiteralGuard).runSync(parse('链接：www.example.com 。'));
  assert.match(JSON.stringify(tree), /"type":"link","title":null,"url":"http:\/\/www.example.com"/);
});

test('without remark-gfm before it, the guard says so instead of silently doing nothing', () => {
  assert.throws(() => unified().use(remarkParse).use(remarkAutolinkLiteralGuard).freeze(), /expected remark-gfm's literal-autolink transform once, found it 0 times/);
});
