/**
 * Runs every `test/fixtures/markdown/obsidian-*` and `hexo-*` note through the syntax plugins (with remark-math
 * standing in for the math stage) and checks its `expect.json`, the same file the site's fixture runner checks
 * against the full processor. Messages are compared for this stage's rules only, in source order.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import GithubSlugger from 'github-slugger';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { createLinkResolver } from '../../../../src/site/markdown/links.js';
import { remarkCallout } from '../../../../src/site/markdown/plugins/remark-callout.js';
import { remarkHexoNoteTag } from '../../../../src/site/markdown/plugins/remark-hexo-note-tag.js';
import { remarkHighlightMark } from '../../../../src/site/markdown/plugins/remark-highlight-mark.js';
import { remarkImageSize } from '../../../../src/site/markdown/plugins/remark-image-size.js';
import { remarkWikilink } from '../../../../src/site/markdown/plugins/remark-wikilink.js';
import { fixtureLinks } from '../../../helpers/render-note.js';

interface Expect {
  contains?: string[];
  notContains?: string[];
  messages?: Array<{ line: number; column: number; ruleId: string }>;
}

// The notes the site's fixture runner links against, resolved the way the site resolves wikilinks.
const links = createLinkResolver(fixtureLinks);
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkHexoNoteTag, { language: 'zh' })
  .use(remarkCallout, { language: 'zh' })
  .use(remarkWikilink, { resolve: (target: string) => links.note(target), slug: (h: string) => new GithubSlugger().slug(h) })
  .use(remarkHighlightMark)
  .use(remarkImageSize)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeStringify, { allowDangerousHtml: true });

/** What the loader does: front matter becomes as many empty lines, so positions are source positions. */
const blankFrontMatter = (source: string) =>
  source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, (block) => '\n'.repeat(block.split('\n').length - 1));

const root = join(import.meta.dirname, '../../../fixtures/markdown');
const cases = readdirSync(root).filter((name) => /^(obsidian|hexo)-/.test(name));

test('every syntax form has a fixture', () => {
  for (const name of [
    'obsidian-image-size', 'obsidian-highlight', 'obsidian-callout', 'obsidian-callout-folded', 'obsidian-wikilink',
    'obsidian-embed-image', 'obsidian-wikilink-resolved', 'obsidian-embed-note', 'hexo-note', 'hexo-note-summary', 'hexo-codeblock', 'hexo-asset-img', 'hexo-unknown-tag',
  ]) {
    assert.ok(cases.includes(name), `missing fixture ${name}`);
  }
});

for (const name of cases) {
  test(`fixture ${name}`, async () => {
    const dir = join(root, name);
    assert.ok(existsSync(join(dir, 'expect.json')), `${name} has no expect.json`);
    const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expect;
    const source = readFileSync(join(dir, 'input.md'), 'utf8');
    assert.match(source, /^---\n/, 'fixtures carry front matter so line numbers are meaningful');
    const file = await processor.process(new VFile({ path: join(dir, 'input.md'), value: blankFrontMatter(source) }));
    const html = String(file);
    for (const needle of expect.contains ?? []) assert.ok(html.includes(needle), `${name}: expected ${JSON.stringify(needle)} in\n${html}`);
    for (const needle of expect.notContains ?? []) assert.ok(!html.includes(needle), `${name}: did not expect ${JSON.stringify(needle)} in\n${html}`);
    const got = file.messages
      .filter((m) => /^(wikilink-|hexo-)/.test(m.ruleId ?? ''))
      .map((m) => ({ line: m.line, column: m.column, ruleId: m.ruleId }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    assert.deepEqual(got, expect.messages ?? []);
  });
}
