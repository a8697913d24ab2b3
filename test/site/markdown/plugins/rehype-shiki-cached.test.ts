/**
 * The highlighter writes HTML from Shiki's tokens itself; these bytes must be exactly what Shiki's own
 * `codeToHtml` gives for the same theme, for every code block in content/ and for the awkward cases.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { bundledLanguages, createCssVariablesTheme, createHighlighter } from 'shiki';
import { highlight } from '../../../../src/site/markdown/plugins/rehype-shiki-cached.js';

const repo = path.resolve(import.meta.dirname, '../../../..');

function contentBlocks(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.name.endsWith('.md')) {
        for (const m of readFileSync(full, 'utf8').matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)\n```/gm)) out.push([m[1] as string, m[2] as string]);
      }
    }
  };
  visit(path.join(repo, 'content'));
  return out;
}

const awkward: Array<[string, string]> = [
  ['python', 'def f(x):\n    return x * 2  # 注释 <a> & "q"\n\n'],
  ['ts', '\tconst a = `${b}` as const;   \n  \n/** doc */\nfunction g<T>(x: T): T { return x }'],
  ['bash', 'echo "$HOME" && ls -la | grep \'x\' > /dev/null 2>&1'],
  ['json', '{ "a": [1, 2.5e-3, true, null], "<b>": "&amp;" }'],
  ['markdown', '# 标题\n\n**粗体** _斜体_ ~~删除~~ [链接](http://a.b)\n'],
  ['text', 'plain <text> & more'],
  ['py', '   '],
  ['python', ''],
];

test("highlighted HTML is byte-for-byte Shiki's codeToHtml", async () => {
  const blocks = [...awkward, ...contentBlocks().filter(([lang]) => !['mermaid', 'nn', 'plot', 'math'].includes(lang))];
  assert.ok(blocks.length > awkward.length + 5, 'content/ has code blocks to compare');
  const theme = createCssVariablesTheme({ name: 'css-variables', variablePrefix: '--shiki-', fontStyle: true });
  const langs = [...new Set(blocks.map(([l]) => l))].filter((l) => l in bundledLanguages);
  const shiki = await createHighlighter({ themes: [theme], langs });
  for (const [lang, code] of blocks) {
    // Aliases (`py`) are loaded with their language; anything Shiki does not know is plain text.
    const loaded = shiki.getLoadedLanguages().includes(lang) ? lang : 'text';
    const expected = shiki.codeToHtml(code, { lang: loaded, theme: 'css-variables', tokenizeTimeLimit: 0 });
    assert.equal(await highlight(code, lang), expected, `${lang} block: ${JSON.stringify(code.slice(0, 60))}`);
  }
});
