/**
 * Where one note's render time goes: renders a sample of a corpus on one thread and reports wall ms per note
 * for parsing, each plugin's transformer, serialisation and the rest (GC lands in whichever stage triggers it).
 *
 *   tsx scripts/bench/build/stages.ts [--content bench-out/corpus-1000] [--notes 300] [--warmup 50]
 */
import { parseArgs } from 'node:util';
import { unified } from 'unified';

const { values } = parseArgs({
  options: { content: { type: 'string', default: 'bench-out/corpus-1000' }, notes: { type: 'string', default: '300' }, warmup: { type: 'string', default: '50' } },
});
const times = new Map<string, number>();
const add = (k: string, ms: number): void => void times.set(k, (times.get(k) ?? 0) + ms);
// Wall time: on this single-threaded path it is what the build waits for (CPU time would add GC helper threads).
const now = (): number => performance.now();

// Wrap every attacher so its transformer is timed under the attacher's name (before the processor is built).
const proto = Object.getPrototypeOf(unified()) as { use: (...a: unknown[]) => unknown; parse: (f: unknown) => unknown };
const use = proto.use;
proto.use = function (this: unknown, plugin: unknown, ...rest: unknown[]) {
  if (typeof plugin !== 'function') return use.call(this, plugin, ...rest);
  const name = (plugin as { name: string }).name || 'anonymous';
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const transformer = (plugin as (...a: unknown[]) => unknown).apply(this, args);
    if (typeof transformer !== 'function') return transformer;
    return async (...targs: unknown[]) => {
      const t0 = now();
      const out = await (transformer as (...a: unknown[]) => unknown)(...targs);
      add(name, now() - t0);
      return out;
    };
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  return use.call(this, wrapped, ...rest);
};
const parse = proto.parse;
proto.parse = function (this: unknown, f: unknown) {
  const t0 = now();
  const out = parse.call(this, f);
  add('parse (micromark → mdast)', now() - t0);
  return out;
};

const { loadContent } = await import('../../../src/site/content/loader.js');
const { createMarkdownProcessor } = await import('../../../src/site/markdown/processor.js');
const content = await loadContent(values.content, { timezone: 'Asia/Shanghai' });
const processor = createMarkdownProcessor({ language: 'zh-CN', links: { notes: [], files: [], filesBase: '/files/' } });
const warm = Number(values.warmup);
const n = Number(values.notes);
const notes = content.notes.slice(0, warm + n);
for (const [i, note] of notes.entries()) {
  if (i === warm) times.clear();
  const t0 = now();
  await processor.render({ rel: note.rel, display: note.display, body: note.body });
  add('total', now() - t0);
}
const total = times.get('total') ?? 1;
const rows = [...times].sort((a, b) => b[1] - a[1]);
let accounted = 0;
for (const [k, v] of rows) {
  if (k !== 'total') accounted += v;
  console.log(`${(v / n).toFixed(2).padStart(7)} ms/note ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}
console.log(`${((total - accounted) / n).toFixed(2).padStart(7)} ms/note ${((100 * (total - accounted)) / total).toFixed(1).padStart(5)} %  (serialise, stats, rest)`);
