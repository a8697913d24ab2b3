/**
 * Benchmark corpus generator: N deep-learning notes of realistic size, written the way our users write them
 * (Hexo front matter, Chinese and English prose, inline math glued to CJK text, `align*` blocks whose `$$` sits on
 * the same line as the TeX, a GFM table, python and ts code, nested category folders, `<!-- more -->`).
 *
 *   tsx scripts/bench/build/corpus.ts --notes 1000 --out bench-out/corpus-1000 [--seed 1]
 *
 * Deterministic: note i depends only on (seed, i), so corpus-200 is exactly the first 200 notes of corpus-1000,
 * and two runs produce the same bytes. A manifest with the totals is written beside the folder
 * (`<out>.manifest.json`), not inside it, so that no build sees it as content.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFormulaPool, type DisplayFormula, type FormulaPool } from './formulas.js';
import { createRandom, mixSeed, type Random } from './random.js';
import {
  displayLeadIns,
  enMathSentences,
  enSentences,
  links,
  pythonSnippets,
  topics,
  tsSnippets,
  zhMathSentences,
  zhSentences,
  type Topic,
} from './prose.js';

/** What one note promises, counted while it is written (the test recounts them from the text). */
export interface NoteStats {
  /** `$…$` inline formulas outside code. */
  inline: number;
  /** `$$…$$` display formulas, whatever the fence style. */
  display: number;
  /** Display formulas that are `align*` environments. */
  align: number;
  /** Display formulas whose opening `$$` shares its line with TeX (`$$\begin{align*}`). */
  sameLineOpen: number;
  /** GFM tables. */
  tables: number;
  /** Fenced code blocks. */
  fences: number;
  /** UTF-8 size of the file. */
  bytes: number;
}

/** One generated note: its path relative to the corpus root, its text and its counts. */
export interface GeneratedNote {
  path: string;
  text: string;
  stats: NoteStats;
}

/** Totals for a corpus, written to `<out>.manifest.json`. */
export interface CorpusManifest {
  seed: number;
  notes: number;
  bytes: number;
  inline: number;
  display: number;
  align: number;
  distinctInline: number;
  distinctDisplay: number;
  folders: number;
}

/** The default corpus seed. */
export const DEFAULT_SEED = 1;

let poolCache: FormulaPool | undefined;
/** The formula pool, built once per process (it is the same for every seed). */
function pool(): FormulaPool {
  poolCache ??= buildFormulaPool();
  return poolCache;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Hexo's zone-less `YYYY-MM-DD HH:mm:ss`; formatted from UTC fields so the machine's zone never leaks in. */
function hexoDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

const BASE_DATE = Date.UTC(2021, 0, 1, 0, 0, 0);
const HOUR = 3_600_000;

function frontMatter(r: Random, index: number, topic: Topic, title: string): string {
  // Notes are 19 h apart with up to 18 h of jitter: dates are distinct and increase with the index.
  const date = BASE_DATE + index * 19 * HOUR + Math.floor(r.next() * 18 * HOUR / 1000) * 1000;
  const lines = ['---', `title: ${title}`, `date: ${hexoDate(date)}`];
  if (r.chance(0.3)) lines.push(`updated: ${hexoDate(date + r.int(1, 400) * HOUR)}`);
  const tags = r.shuffle(topic.tags).slice(0, r.int(1, topic.tags.length));
  if (tags.length === 1 && r.chance(0.5)) lines.push(`tags: ${tags[0]}`);
  else lines.push('tags:', ...tags.map((t) => `    - ${t}`));
  const cats = topic.categories;
  if (cats.length === 1) lines.push(`categories: ${cats[0]}`);
  else if (r.chance(0.5)) lines.push('categories:', ...cats.map((c) => `  - ${c}`));
  else lines.push('categories:', `  - [${cats.join(', ')}]`);
  lines.push('---', '');
  return lines.join('\n');
}

/** Writes inline formulas into sentences while keeping count against the note's budget. */
class InlineBudget {
  used = 0;
  constructor(
    private readonly r: Random,
    readonly total: number,
  ) {}
  get left(): number {
    return this.total - this.used;
  }
  formula(): string {
    this.used++;
    return `$${this.r.pickSkewed(pool().inline)}$`;
  }
  /** Fills every `{m}` of a sentence. */
  fill(sentence: string): string {
    return sentence.replace(/\{m\}/g, () => this.formula());
  }
}

const slotCount = (s: string): number => s.split('{m}').length - 1;

function paragraph(r: Random, budget: InlineBudget, mathShare: number): string {
  const english = r.chance(0.3);
  const plain = english ? enSentences : zhSentences;
  const withMath = english ? enMathSentences : zhMathSentences;
  const parts: string[] = [];
  const n = r.int(3, 5);
  for (let i = 0; i < n; i++) {
    const candidates = withMath.filter((s) => slotCount(s) <= budget.left);
    if (candidates.length > 0 && r.chance(mathShare)) parts.push(budget.fill(r.pick(candidates)));
    else parts.push(r.pick(plain));
  }
  // Chinese sentences run on without spaces; English ones are separated by one.
  return parts.join(english ? ' ' : '');
}

function table(r: Random, budget: InlineBudget): string {
  const rows: string[] = [
    '| 层 | 输出尺寸 | 参数量 | 说明 |',
    '| ---- | -------- | ------ | ---- |',
  ];
  let size = r.pick([224, 112, 64, 32]);
  const count = r.int(4, 7);
  for (let i = 0; i < count; i++) {
    const k = r.pick([1, 3, 5]);
    const c = r.pick([16, 32, 64, 128, 256]);
    const note = budget.left > 0 && i === 1 ? budget.formula() : r.pick(['卷积', 'pooling', '残差块', 'BN + ReLU', '全连接']);
    rows.push(`| conv${i + 1} | ${size}×${size}×${c} | ${k * k * c * c} | ${note} |`);
    if (r.chance(0.5)) size = Math.max(1, Math.floor(size / 2));
  }
  return rows.join('\n');
}

function code(r: Random, lang: 'python' | 'ts'): string {
  const body = r
    .pick(lang === 'python' ? pythonSnippets : tsSnippets)
    .replace(/\{lr\}/g, String(r.pick([0.1, 0.01, 0.001, 0.0003])))
    .replace(/\{epochs\}/g, String(r.int(3, 50)))
    .replace(/\{k\}/g, String(r.pick([3, 5, 7])));
  return `\`\`\`${lang}\n${body}\n\`\`\``;
}

type DisplayStyle = 'own-lines' | 'open-same-line' | 'close-same-line' | 'one-line' | 'in-sentence';

/** Writes one display formula in one of the fence styles users actually use. */
function display(r: Random, f: DisplayFormula, style: DisplayStyle): string {
  switch (style) {
    case 'open-same-line':
      return `$$${f.tex}\n$$`;
    case 'close-same-line':
      return `$$\n${f.tex}$$`;
    case 'one-line':
      return `$$${f.tex}$$`;
    case 'in-sentence':
      return `${r.pick(['也就是', '即', 'that is'])} $$${f.tex}$$ ${r.pick(['成立。', '这样的形式。', 'for every sample.'])}`;
    case 'own-lines':
      return `$$\n${f.tex}\n$$`;
  }
}

function displayStyle(r: Random, f: DisplayFormula): DisplayStyle {
  if (f.tex.includes('\n')) {
    if (f.env === 'aligned') return r.pick(['close-same-line', 'own-lines'] as const);
    return r.pick(['open-same-line', 'own-lines', 'close-same-line'] as const);
  }
  return r.pick(['own-lines', 'one-line', 'in-sentence'] as const);
}

const fileStem = (r: Random, topic: Topic, index: number): string => {
  const n = pad(index, 4);
  switch (r.int(0, 2)) {
    case 0:
      return `${topic.en.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`;
    case 1:
      return `${topic.zh} ${n}`; // Chinese and a space, as Hexo users name posts
    default:
      return `${topic.en} notes ${n}`;
  }
};

/** Generates note `index` of the corpus with `seed`. Pure: same arguments, same note. */
export function generateNote(index: number, seed = DEFAULT_SEED): GeneratedNote {
  const r = createRandom(mixSeed(seed, index));
  const topic = r.pick(topics);
  const title = r.chance(0.5) ? `${topic.zh}笔记（${index + 1}）` : `${topic.en} 学习笔记 ${index + 1}`;
  const budget = new InlineBudget(r, r.int(17, 23));
  const displayCount = r.int(2, 4);
  const stats: NoteStats = { inline: 0, display: 0, align: 0, sameLineOpen: 0, tables: 1, fences: 2, bytes: 0 };

  // Display formulas: the first is always an align* written `$$\begin{align*}` … `$$`, like the seed note.
  const displays: string[] = [];
  for (let i = 0; i < displayCount; i++) {
    const f = i === 0 ? r.pickSkewed(pool().align) : r.pickSkewed(pool().display);
    const style = i === 0 ? 'open-same-line' : displayStyle(r, f);
    if (f.env === 'align*') stats.align++;
    if (style === 'open-same-line') stats.sameLineOpen++;
    const lead = style === 'in-sentence' ? '' : `${r.pick(displayLeadIns)}\n\n`;
    displays.push(lead + display(r, f, style));
  }
  stats.display = displayCount;

  const blocks: string[] = [];
  blocks.push(r.pick(zhSentences) + r.pick(zhSentences));
  blocks.push(table(r, budget));
  blocks.push(`>${r.pick(links)}`);
  blocks.push('<!-- more -->');

  const headings = r.shuffle(topic.headings).slice(0, r.int(4, 5));
  const codeAt = new Map<number, 'python' | 'ts'>([
    [r.int(0, 1), 'python'],
    [r.int(2, headings.length - 1), 'ts'],
  ]);
  const displayAt = displays.map(() => r.int(0, headings.length - 1));
  headings.forEach((heading, h) => {
    blocks.push(`${h === 0 || r.chance(0.6) ? '##' : '###'} ${heading}`);
    const paragraphs = r.int(2, 4);
    for (let p = 0; p < paragraphs; p++) blocks.push(paragraph(r, budget, 0.45));
    displays.forEach((d, i) => {
      if (displayAt[i] === h) blocks.push(d);
    });
    if (r.chance(0.25)) blocks.push(`>${r.pick(links)}`);
    if (r.chance(0.3)) {
      const img = `https://raw.githubusercontent.com/example/notes-images/main/pictures/2023${pad(r.int(1, 12))}${pad(r.int(1, 28))}${r.int(100000, 235959)}.png`;
      blocks.push(`![image.png${r.chance(0.5) ? '|666' : ''}](${img})`);
    }
    const lang = codeAt.get(h);
    if (lang) blocks.push(code(r, lang));
  });

  // Whatever inline budget is left goes into a closing list, the way notes end with a summary of formulas.
  if (budget.left > 0) {
    const items: string[] = [];
    while (budget.left > 0) {
      const head = r.pick(['输出层', '倒二层', '隐藏层', 'Output layer', 'Hidden layer', '输入层']);
      items.push(`- ${head}：${budget.fill(budget.left >= 2 && r.chance(0.5) ? '{m} ,其中{m}' : '{m}')}`);
    }
    blocks.push('推广：\n' + items.join('\n'));
  }
  stats.inline = budget.used;

  const text = frontMatter(r, index, topic, title) + '\n' + blocks.join('\n\n') + '\n';
  stats.bytes = Buffer.byteLength(text);
  const folder = topic.categories.join('/');
  return { path: `${folder}/${fileStem(r, topic, index)}.md`, text, stats };
}

/** The manifest path for a corpus folder: beside it, never inside it. */
export const manifestPath = (out: string): string => `${resolve(out)}.manifest.json`;

/**
 * Writes notes 0…n−1 into `out`, replacing a previous corpus there. Refuses to delete a non-empty folder that
 * has no manifest beside it, so a mistyped `--out` cannot wipe someone's notes.
 */
export function writeCorpus(out: string, notes: number, seed = DEFAULT_SEED): CorpusManifest {
  const root = resolve(out);
  if (existsSync(root) && readdirSync(root).length > 0) {
    if (!existsSync(manifestPath(root))) {
      throw new Error(`${root} is not empty and has no ${manifestPath(root)}: refusing to overwrite it`);
    }
    rmSync(root, { recursive: true, force: true });
  }
  const manifest: CorpusManifest = {
    seed, notes, bytes: 0, inline: 0, display: 0, align: 0, distinctInline: 0, distinctDisplay: 0, folders: 0,
  };
  const inline = new Set<string>();
  const displayTex = new Set<string>();
  const folders = new Set<string>();
  for (let i = 0; i < notes; i++) {
    const note = generateNote(i, seed);
    const file = join(root, note.path);
    folders.add(dirname(file));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, note.text);
    manifest.bytes += note.stats.bytes;
    manifest.inline += note.stats.inline;
    manifest.display += note.stats.display;
    manifest.align += note.stats.align;
    // Code fences hold `$` of their own (template literals); only prose math counts.
    const prose = note.text.replace(/^```[\s\S]*?^```$/gm, '');
    for (const m of prose.matchAll(/\$\$([\s\S]+?)\$\$/g)) displayTex.add((m[1] ?? '').trim());
    for (const m of prose.replace(/\$\$[\s\S]+?\$\$/g, '').matchAll(/\$([^$\n]+?)\$/g)) inline.add(m[1] ?? '');
  }
  manifest.distinctInline = inline.size;
  manifest.distinctDisplay = displayTex.size;
  manifest.folders = folders.size;
  mkdirSync(dirname(root), { recursive: true });
  writeFileSync(manifestPath(root), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string', default: '1000' },
      out: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
    },
  });
  const notes = Number(values.notes);
  const seed = Number(values.seed);
  if (!Number.isInteger(notes) || notes < 1) throw new Error(`--notes must be a positive integer, got ${values.notes}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const out = values.out ?? `bench-out/corpus-${notes}`;
  const manifest = writeCorpus(out, notes, seed);
  console.log(
    `${manifest.notes} notes, ${(manifest.bytes / 1024 / 1024).toFixed(1)} MiB in ${manifest.folders} folders → ${out}\n` +
      `inline ${manifest.inline} (${manifest.distinctInline} distinct), display ${manifest.display} ` +
      `(${manifest.distinctDisplay} distinct, ${manifest.align} align*)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
