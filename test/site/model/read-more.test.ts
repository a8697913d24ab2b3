/**
 * A post card on a list page links on ("阅读全文") exactly when the card does not already show the whole note:
 * the excerpt up to `<!-- more -->`, else the front matter's description, else the first paragraph. The same
 * answer whether the notes were rendered by this build or read back from the render cache.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build } from '../../../src/site/build.js';

const notes: Record<string, { front?: string; body: string; more: boolean }> = {
  'one-paragraph': { body: '只有一段。', more: false },
  'two-paragraphs': { body: '第一段。\n\n第二段。', more: true },
  'more-marker': { body: '摘要。\n\n<!-- more -->\n\n正文。', more: true },
  // The description is the card's text, so even a body shorter than it is more to read.
  'long-description': { front: 'description: 这一段描述比正文长得多，列表上只显示它。', body: '短。', more: true },
  'description-only': { front: 'description: 只有描述，没有正文。', body: '', more: false },
  'heading-then-paragraph': { body: '## 小节\n\n一段。', more: true },
};

test('a card says "阅读全文" exactly when the note holds more than the card shows, rendered or cached', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-read-more-'));
  try {
    mkdirSync(path.join(site, 'content'));
    writeFileSync(path.join(site, 'danlu.config.yaml'), 'title: 列表\nlanguage: zh-CN\nurl: https://example.org/\nper_page: 20\n');
    let day = 1;
    for (const [slug, n] of Object.entries(notes)) {
      const front = `title: ${slug}\ndate: 2024-01-${String(day++).padStart(2, '0')} 10:00:00\n${n.front ? n.front + '\n' : ''}`;
      writeFileSync(path.join(site, 'content', `${slug}.md`), `---\n${front}---\n\n${n.body}\n`);
    }
    const cacheDir = path.join(site, 'cache');
    for (const round of ['rendered', 'from the cache']) {
      const outDir = path.join(site, round === 'rendered' ? 'out1' : 'out2');
      const result = await build({ siteDir: site, outDir, cacheDir, search: 'off', threads: 1 });
      assert.ok(result.ok, JSON.stringify(result.report.messages));
      const home = readFileSync(path.join(outDir, 'index.html'), 'utf8');
      for (const [slug, n] of Object.entries(notes)) {
        const card = new RegExp(`<a class="read-more" href="[^"]*/${slug}/"`);
        assert.equal(card.test(home), n.more, `${round}: ${slug} ${n.more ? 'links on' : 'shows all'}`);
      }
    }
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
