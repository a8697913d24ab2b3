/**
 * Peer `plain-unified`: the pipeline our users would write by hand from the unified docs, over every note.
 *
 *   tsx scripts/bench/build/plain-unified.ts --content <dir> --out <dir>
 *
 * gray-matter → remark-parse → remark-gfm → remark-math → remark-rehype → rehype-katex → rehype-stringify, one
 * processor built once, files one after another, one HTML file per note. No site around it (no index, tags,
 * feed, theme), no caching, no workers: the floor of "markdown with KaTeX", and the baseline the numbers
 * (16.0 s for 1000 notes) were measured with. Prints a one-line JSON summary on stdout for the runner.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import matter from 'gray-matter';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const { values } = parseArgs({ options: { content: { type: 'string' }, out: { type: 'string' } } });
if (!values.content || !values.out) throw new Error('usage: plain-unified.ts --content <dir> --out <dir>');
const content = resolve(values.content);
const out = resolve(values.out);

const started = performance.now();
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeKatex)
  .use(rehypeStringify);

const files = readdirSync(content, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .sort();
let messages = 0;
for (const rel of files) {
  const source = readFileSync(join(content, rel), 'utf8');
  const { data, content: body } = matter(source);
  const file = await processor.process(body);
  messages += file.messages.length;
  const title = (typeof data.title === 'string' ? data.title : rel).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const html = `<!doctype html><meta charset="utf-8"><title>${title}</title>\n<article>${String(file)}</article>\n`;
  const target = join(out, relative(content, join(content, rel)).replace(/\.md$/, '.html'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, html);
}
console.log(JSON.stringify({ notes: files.length, messages, durationMs: Math.round(performance.now() - started) }));
