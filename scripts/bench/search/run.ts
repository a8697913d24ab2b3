/**
 * Search-quality benchmark: the site's Pagefind search against the search it replaced (`search.json`, the first
 * 4,000 characters of each note, every query word a substring), on the same generated corpus in the same run.
 *
 *   tsx scripts/bench/search/run.ts [--notes 1000] [--seed 1] [--out bench-out/search]
 *
 * The corpus is the build benchmark's (scripts/bench/build/corpus.ts) with answers planted in known notes: a
 * Chinese phrase past each note's 5,000th character, an English word only in a heading, a word only in code, and
 * phrases whose words also occur apart in other notes (those notes must not count for the phrase). The truth for a
 * query is read from each note's source (title and body): a phrase must occur as written, space-separated words
 * each somewhere. The new search runs in Debian Chromium through the page's own client (`window.danluSearch`,
 * what the header box runs), each query in a fresh browser context, so bytes fetched per query are those of a
 * reader who opens a page and types it: the client, Pagefind's runtime and index chunks, and the fragments of the
 * first 8 results (the header box's list). The old search fetched the whole `search.json` for any query.
 *
 * Prints a markdown table and writes it to <out>/search.md (and rows to <out>/search.json).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from '../../../src/site/build.js';
import { folderSource, serveFrom } from '../../../src/server/static.js';
import { hasChromium, launch } from '../../../test/demos/browser/harness.js';
import { DEFAULT_SEED, generateNote } from '../build/corpus.js';
import { zhSentences } from '../build/prose.js';

const { values } = parseArgs({
  options: { notes: { type: 'string', default: '1000' }, seed: { type: 'string', default: String(DEFAULT_SEED) }, out: { type: 'string', default: 'bench-out/search' } },
});
const NOTES = Number(values.notes);
const SEED = Number(values.seed);
const OUT = resolve(values.out ?? 'bench-out/search');
const FIRST_SCREEN = 8;

/** A query and how its truth is read: `phrase` as written, `words` each somewhere. */
interface Query {
  q: string;
  kind: 'phrase' | 'words';
  terms: string[];
  what: string;
}

const Q = (q: string, kind: Query['kind'], what: string): Query => ({
  q,
  kind,
  what,
  terms: kind === 'phrase' ? [q.replace(/"/g, '')] : q.split(/\s+/).filter(Boolean),
});

const QUERIES: Query[] = [
  Q('丹炉火候口诀', 'phrase', 'planted past char 5,000'),
  Q('Quokkanet', 'words', 'planted in a heading only'),
  Q('frobnicate_tensor', 'words', 'planted in code only'),
  Q('梯度裁剪阈值', 'phrase', 'planted; its words apart elsewhere'),
  Q('"gradient clipping threshold"', 'phrase', 'planted; its words apart elsewhere'),
  Q('gradient clipping threshold', 'words', 'same words, any order'),
  Q('反向传播', 'phrase', 'corpus prose'),
  Q('感受野', 'phrase', 'corpus prose'),
  Q('残差连接', 'phrase', 'corpus prose'),
  Q('GradScaler', 'words', 'corpus prose'),
  Q('学习率 预热', 'words', 'two words, corpus prose'),
  Q('预热学习率', 'phrase', 'common words, rare order'),
  Q('softmax', 'words', 'corpus prose and math'),
];

const HAN = '\\u3040-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff';
const HAN_GAP = new RegExp(`([${HAN}])\\s+(?=[${HAN}])`, 'g');
/** The folding the client applies before comparing a phrase (themes/default/assets/search.js `fold`). */
const fold = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(HAN_GAP, '$1');

/** Writes the corpus with its planted answers; returns each note's title and searchable source text. */
function writeSite(site: string): Map<string, string> {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(join(site, 'content'), { recursive: true });
  writeFileSync(join(site, 'danlu.config.yaml'), 'title: Search bench\nlanguage: zh-CN\nurl: https://example.org/\n');
  const notes = new Map<string, string>();
  for (let i = 0; i < NOTES; i++) {
    const note = generateNote(i, SEED);
    let text = note.text;
    if (i % 97 === 0) {
      // Past the 5,000th character of the body, whatever the note's own length.
      let pad = '';
      for (let k = 0; text.length + pad.length < 5600; k++) pad += `${zhSentences[(i + k) % zhSentences.length]}\n\n`;
      text += `\n\n${pad}最后记下丹炉火候口诀，以后照着做。\n`;
    }
    if (i % 71 === 3) text += '\n\n## Quokkanet layer\n\n这一节只在标题里提到它。\n';
    if (i % 83 === 9) text += '\n\n```python\nframe = frobnicate_tensor(frame)\n```\n';
    if (i % 53 === 5) text += '\n\nWe set the gradient clipping threshold to 1.0 for every run.\n';
    if (i % 53 === 6) text += '\n\nThe threshold for clipping is not the gradient itself.\n';
    if (i % 59 === 7) text += '\n\n梯度裁剪阈值一般取 1.0。\n';
    if (i % 59 === 8) text += '\n\n阈值过小时，梯度会被过度裁剪。\n';
    const file = join(site, 'content', note.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    const title = /^title:\s*(.*)$/m.exec(m?.[1] ?? '')?.[1]?.trim() ?? '';
    if (notes.has(title)) throw new Error(`corpus: two notes titled ${title}`);
    notes.set(title, `${title}\n${m?.[2] ?? text}`);
  }
  return notes;
}

function truth(notes: Map<string, string>, query: Query): Set<string> {
  const out = new Set<string>();
  const terms = query.terms.map(fold);
  for (const [title, text] of notes) {
    const t = fold(text);
    if (terms.every((w) => t.includes(w))) out.add(title);
  }
  return out;
}

/** Today's search as theme.js ran it before Pagefind: every word a substring of title, tags, categories or text. */
function oldSearch(index: Array<{ title: string; tags: string[]; categories: string[]; text: string }>, q: string): Set<string> {
  const words = [...new Set(fold(q.replace(/"/g, ' ')).split(/\s+/).filter(Boolean))];
  const out = new Set<string>();
  for (const e of index) {
    const hay = [e.title, e.tags.join('\n'), e.categories.join('\n'), e.text].map((s) => String(s).normalize('NFKC').toLowerCase());
    if (words.every((w) => hay.some((h) => h.includes(w)))) out.add(e.title);
  }
  return out;
}

function score(found: Set<string>, want: Set<string>): { recall: number; precision: number; tp: number } {
  let tp = 0;
  for (const f of found) if (want.has(f)) tp++;
  return { tp, recall: want.size ? tp / want.size : found.size ? 0 : 1, precision: found.size ? tp / found.size : 1 };
}

function dirBytes(dir: string, filter: (rel: string) => boolean, rel = ''): number {
  let n = 0;
  for (const f of readdirSync(join(dir, rel))) {
    const r = rel ? `${rel}/${f}` : f;
    const st = statSync(join(dir, r));
    if (st.isDirectory()) n += dirBytes(dir, filter, r);
    else if (filter(r)) n += st.size;
  }
  return n;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const kb = (b: number): string => `${(b / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  if (!hasChromium()) throw new Error('Debian Chromium (/usr/bin/chromium) is needed to run the search client');
  const site = join(OUT, 'site');
  const notes = writeSite(site);
  const built = await build({ siteDir: site });
  if (!built.ok) throw new Error(JSON.stringify(built.report.messages.slice(0, 5)));
  const phases = built.report.phases;
  const dist = join(site, 'dist');
  const oldIndex = JSON.parse(readFileSync(join(dist, 'search.json'), 'utf8')) as Parameters<typeof oldSearch>[0];
  const oldBytes = statSync(join(dist, 'search.json')).size;
  const oldGzip = gzipSync(readFileSync(join(dist, 'search.json'))).length;
  const pfIndexBytes = dirBytes(join(dist, 'pagefind'), (r) => /^(index|fragment)\/|\.pf_meta$/.test(r));
  const pfRuntimeBytes = dirBytes(join(dist, 'pagefind'), (r) => !/^(index|fragment)\/|\.pf_meta$/.test(r));

  const source = folderSource(dist);
  // Bytes of the search files served, counted at the server: Pagefind fetches its chunks from a Worker, which the
  // page's resource timing does not see.
  let served = 0;
  const server = createServer((req, res) => {
    if (/\/pagefind\/|\/search\.js$/.test(req.url ?? '')) {
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      const count = (chunk: unknown): void => {
        if (typeof chunk === 'string') served += Buffer.byteLength(chunk);
        else if (chunk instanceof Uint8Array) served += chunk.byteLength;
      };
      res.write = ((chunk: unknown, ...rest: unknown[]) => (count(chunk), (write as (...a: unknown[]) => boolean)(chunk, ...rest))) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => (count(chunk), (end as (...a: unknown[]) => typeof res)(chunk, ...rest))) as typeof res.end;
    }
    serveFrom(source, '/', req, res, { log: () => {} });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launch();
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const query of QUERIES) {
      const want = truth(notes, query);
      const context = await browser.newContext();
      const page = await context.newPage();
      // A note page, as a reader would search from: the page itself fetches no search file until the box is used.
      await page.goto(`${origin}/archives/`, { waitUntil: 'load' });
      served = 0;
      await page.focus('#site-search-input');
      type Cursor = { next(n: number): Promise<Array<{ meta: { title: string } }>> };
      const first = await page.evaluate(async ({ q, n }) => {
        const w = window as unknown as { danluSearch?: { query(b: string, q: string): Promise<Cursor | null> }; benchCursor?: Cursor | null };
        while (!w.danluSearch) await new Promise((r) => setTimeout(r, 20));
        const bundle = document.querySelector('form[data-search-bundle]')!.getAttribute('data-search-bundle')!;
        const t0 = performance.now();
        const cursor = await w.danluSearch.query(bundle, q);
        const shown = cursor ? await cursor.next(n) : [];
        w.benchCursor = cursor;
        return { ms: performance.now() - t0, titles: shown.map((d) => d.meta.title) };
      }, { q: query.q, n: FIRST_SCREEN });
      const bytes = served;
      const rest = await page.evaluate(async () => {
        const cursor = (window as unknown as { benchCursor?: Cursor | null }).benchCursor;
        return cursor ? (await cursor.next(1e9)).map((d) => d.meta.title) : [];
      });
      const found = new Set([...first.titles, ...rest]);
      await context.close();
      const pf = score(found, want);
      const old = score(oldSearch(oldIndex, query.q), want);
      rows.push({
        query: query.q,
        what: query.what,
        notes: want.size,
        'Pagefind recall': pct(pf.recall),
        'Pagefind precision': pct(pf.precision),
        'Pagefind fetched (first 8)': kb(bytes),
        'Pagefind ms': Math.round(first.ms),
        'old recall': pct(old.recall),
        'old precision': pct(old.precision),
        'old fetched': `${kb(oldBytes)} (${kb(oldGzip)} gz)`,
      });
      process.stderr.write(`${query.q}: ${want.size} notes, Pagefind ${pf.tp}/${found.size}, old ${old.tp}\n`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const cols = Object.keys(rows[0] ?? {});
  const table = [
    `| ${cols.join(' | ')} |`,
    `| ${cols.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cols.map((c) => String(r[c])).join(' | ')} |`),
  ].join('\n');
  const searchMs = phases['search'] ?? 0;
  const total = built.report.durationMs;
  const summary = [
    `${NOTES} notes (seed ${SEED}); index: Pagefind ${kb(pfIndexBytes)} of index chunks, fragments and meta + ${kb(pfRuntimeBytes)} runtime (JS + WebAssembly); old search.json ${kb(oldBytes)} (${kb(oldGzip)} gzipped).`,
    `Build: ${total} ms in all, of which the search phase (Pagefind indexing) ${searchMs} ms; without it ${total - searchMs} ms, ratio ${(total / Math.max(1, total - searchMs)).toFixed(3)}.`,
  ].join('\n');
  const md = `${summary}\n\n${table}\n`;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'search.md'), md);
  writeFileSync(join(OUT, 'search.json'), JSON.stringify({ notes: NOTES, seed: SEED, phases, total, pfIndexBytes, pfRuntimeBytes, oldBytes, oldGzip, rows }, null, 2));
  process.stdout.write(md);
}

await main();
