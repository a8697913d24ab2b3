/**
 * remarkDemo: a fenced ```` ```demo ```` block whose body is YAML (`type: mlp` plus that demo's options) becomes a
 * live-demo figure. At build time it is a complete static figure — the network drawn as an `nn` diagram, a
 * one-line summary of the config, the MLP's data set as a scatter, the caption — and the page's demo script (loaded
 * only on pages that have one) turns it into the live demo. Formats and the DOM contract: src/demos/README.md.
 *
 * Why a fence and not a `:::demo` directive: a fence shows as a plain code block in Obsidian, Hexo and on GitHub,
 * matches the `nn`/`plot` fences, and needs no directive syntax extension (which would also change how ordinary
 * text with colons parses).
 *
 * Problems are warnings at the `file:line:column` of the option inside the block (source-file numbering): bad YAML
 * (`demo-yaml`), a missing or unknown `type` (`demo-type`: the figure becomes an error box showing the block's
 * source), an unknown option (`demo-option`) or a bad value (`demo-value`), both of which fall back to the default
 * and are named in the figure. The messages list what is valid (they come from `parseDemoConfig`).
 */
import type { Element, ElementContent, Properties } from 'hast';
import * as yaml from 'js-yaml';
import type { Code, Parent, Root } from 'mdast';
import type { VFile } from 'vfile';
import { DEMO_SCHEMAS, isDemoType, parseDemoConfig, type DemoSpec, type DemoType } from '../../../demos/config.js';
import { describeOption } from '../../../demos/options.js';
import { renderDiagram } from '../../diagrams/render.js';
import { demoNetworkSource } from '../../demo-figure/network.js';
import { datasetScatter } from '../../demo-figure/scatter.js';
import { visit } from '../walk.js';

declare module 'vfile' {
  interface DataMap {
    /** The demo types this note's figures use (each once, in document order); absent when it has none. */
    demos: DemoType[];
  }
}

/** Options of {@link remarkDemo}. */
export interface RemarkDemoOptions {
  /** Language of the figure's own text (summary, button, notices). */
  language: 'zh' | 'en';
}

/** Longest block body read as YAML: a config is a dozen short lines; more is not a demo. */
export const MAX_DEMO_BLOCK_CHARS = 8192;
/** Most YAML nodes one option's value may have (a layer list is ≤ 6 numbers): bounds aliases that fan out. */
const MAX_VALUE_NODES = 64;

/** A fence opening with `demo` somewhere in the source (a superset: also matches inside other code). */
const MAY_HAVE_DEMO = /(?:`{3,}|~{3,})[ \t]*demo\b/;

type RuleId = 'demo-yaml' | 'demo-type' | 'demo-option' | 'demo-value';

interface Strings {
  title: Record<DemoType, string>;
  start: string;
  noscript: string;
  ignored: string;
  error: (rule: string, where: string, message: string) => string;
  scatter: (name: string, n: number) => string;
  customEmpty: string;
  summary: (spec: DemoSpec) => string;
}

const fmt = (n: number): string => String(Math.round(n * 1e6) / 1e6);

const STRINGS: Record<'zh' | 'en', Strings> = {
  en: {
    title: { mlp: 'MLP playground', cnn: 'CNN on MNIST', lstm: 'LSTM on a sequence' },
    start: 'Start the demo',
    noscript: 'This demo trains the network in your browser and needs JavaScript; the figure shows its setup.',
    ignored: 'Not applied (the default is used instead):',
    error: (rule, where, message) => `Demo error (${rule}): ${where}${message}`,
    scatter: (name, n) => `Data set ${name}: ${n} points in two classes`,
    customEmpty: 'you place the points',
    summary: (spec) => {
      switch (spec.type) {
        case 'mlp': {
          const c = spec.config;
          const data = c.dataset === 'custom' ? 'points you place' : `${c.dataset}, ${c.points} points, noise ${fmt(c.noise)}, ${Math.round(c.trainRatio * 100)}% for training`;
          return `Data: ${data} · Layers: ${[2, ...c.hidden, 1].join(' → ')} · Activation: ${c.activation} · Learning rate: ${fmt(c.learningRate)} · Optimizer: ${c.optimizer}, batch ${c.batchSize}`;
        }
        case 'cnn': {
          const c = spec.config;
          const net = c.net === 'lenet5' ? 'LeNet-5 (conv 6 → pool → conv 16 → pool → 120 → 84 → 10)' : 'ConvNetJS MNIST net (conv 8 → pool → conv 16 → pool → 10)';
          return `Data: MNIST digits · Layers: ${net} · Activation: ReLU · Learning rate: ${fmt(c.learningRate)} · Optimizer: ${c.optimizer}, batch ${c.batchSize}${c.pretrained ? ' · starts from pre-trained weights' : ''}`;
        }
        case 'lstm': {
          const c = spec.config;
          const data = c.sequence === 'text' ? `the text “${c.text}”` : `a noisy sine (noise ${fmt(c.noise)})`;
          return `Data: ${data}, ${c.steps} timesteps · Layers: LSTM with ${c.hidden} hidden units → dense · Learning rate: ${fmt(c.learningRate)} · Optimizer: ${c.optimizer}`;
        }
      }
    },
  },
  zh: {
    title: { mlp: 'MLP 演练场', cnn: 'MNIST 上的 CNN', lstm: '学习序列的 LSTM' },
    start: '启动演示',
    noscript: '这个演示在浏览器中训练网络，需要 JavaScript；图中是它的配置。',
    ignored: '未采用（改用默认值）：',
    error: (rule, where, message) => `演示错误（${rule}）：${where}${message}`,
    scatter: (name, n) => `数据集 ${name}：两类共 ${n} 个点`,
    customEmpty: '由读者放置数据点',
    summary: (spec) => {
      switch (spec.type) {
        case 'mlp': {
          const c = spec.config;
          const data = c.dataset === 'custom' ? '读者放置的点' : `${c.dataset}，${c.points} 个点，噪声 ${fmt(c.noise)}，${Math.round(c.trainRatio * 100)}% 用于训练`;
          return `数据：${data} · 层：${[2, ...c.hidden, 1].join(' → ')} · 激活函数：${c.activation} · 学习率：${fmt(c.learningRate)} · 优化器：${c.optimizer}，批大小 ${c.batchSize}`;
        }
        case 'cnn': {
          const c = spec.config;
          const net = c.net === 'lenet5' ? 'LeNet-5（conv 6 → pool → conv 16 → pool → 120 → 84 → 10）' : 'ConvNetJS MNIST 网络（conv 8 → pool → conv 16 → pool → 10）';
          return `数据：MNIST 手写数字 · 层：${net} · 激活函数：ReLU · 学习率：${fmt(c.learningRate)} · 优化器：${c.optimizer}，批大小 ${c.batchSize}${c.pretrained ? ' · 从预训练权重开始' : ''}`;
        }
        case 'lstm': {
          const c = spec.config;
          const data = c.sequence === 'text' ? `文本“${c.text}”` : `带噪声的正弦（噪声 ${fmt(c.noise)}）`;
          return `数据：${data}，${c.steps} 个时间步 · 层：${c.hidden} 个隐藏单元的 LSTM → dense · 学习率：${fmt(c.learningRate)} · 优化器：${c.optimizer}`;
        }
      }
    },
  },
};

const h = (tagName: string, properties: Properties, children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });
const text = (value: string): ElementContent => ({ type: 'text', value });

/** A problem found in one block, placed at a line of the block (0-based; undefined: the fence itself). */
interface Problem {
  rule: RuleId;
  message: string;
  line: number | undefined;
  column: number;
  /** Shown in the figure: what was not applied. */
  ignored?: string;
}

/** The plugin; see the file comment. */
export function remarkDemo(options: RemarkDemoOptions = { language: 'en' }) {
  const t = STRINGS[options.language];
  return async (tree: Root, file: VFile): Promise<void> => {
    // Most notes have no demo: a regex over the source is much cheaper than walking the tree to find none.
    if (!MAY_HAVE_DEMO.test(String(file.value))) return;
    const found: { node: Code; index: number; parent: Parent }[] = [];
    visit(tree, 'code', (node: Code, index: number | undefined, parent: Parent | undefined) => {
      if (parent && index !== undefined && node.lang === 'demo') found.push({ node, index, parent });
    });
    const types: DemoType[] = file.data.demos ?? [];
    for (const { node, index, parent } of found) {
      const { spec, problems } = readBlock(node.value);
      const fenceLine = node.position?.start.line ?? 0;
      const fenceColumn = node.position?.start.column ?? 1;
      const placeOf = (p: Problem) =>
        p.line === undefined || !fenceLine ? node.position?.start : { line: fenceLine + 1 + p.line, column: fenceColumn + p.column };
      const where = (p: Problem) => (p.line !== undefined && fenceLine ? `line ${fenceLine + 1 + p.line}: ` : '');
      for (const p of problems) {
        const place = placeOf(p);
        const message = file.message(`demo block: ${where(p)}${p.message}`, { ...(place ? { place } : {}), ruleId: p.rule, source: 'danlu' });
        message.fatal = false;
      }
      let figure: Element;
      if (spec) {
        if (!types.includes(spec.type)) types.push(spec.type);
        figure = await staticFigure(spec, problems.flatMap((p) => (p.ignored ? [p.ignored] : [])), t);
      } else {
        const first = problems[0];
        const rule = first?.rule ?? 'demo-type';
        figure = h('figure', { className: ['demo', 'demo-error'], role: 'group', dataRule: rule }, [
          h('figcaption', {}, [text(t.error(rule, first ? where(first) : '', first?.message ?? ''))]),
          // No <code> inside: the highlighter restyles every pre > code, and this is the writer's source as typed.
          h('pre', { className: ['demo-source'] }, [text(node.value)]),
        ]);
      }
      // An mdast node of a type remark-rehype does not know becomes exactly the element its data describes.
      const replacement = {
        type: 'demo',
        ...(node.position ? { position: node.position } : {}),
        data: { hName: figure.tagName, hProperties: figure.properties, hChildren: figure.children },
      };
      parent.children[index] = replacement as unknown as Parent['children'][number];
    }
    if (types.length) file.data.demos = types;
  };
}

/** Parses and checks one block's body. `spec` is undefined when nothing can run (bad YAML, no or unknown type). */
function readBlock(source: string): { spec: DemoSpec | undefined; problems: Problem[] } {
  const lines = source.split(/\r?\n/);
  if (source.length > MAX_DEMO_BLOCK_CHARS) {
    return { spec: undefined, problems: [{ rule: 'demo-yaml', message: `the block has ${source.length} characters; a demo config is at most ${MAX_DEMO_BLOCK_CHARS}`, line: undefined, column: 0 }] };
  }
  let raw: unknown;
  try {
    // The core schema: plain YAML values only (no timestamps, no custom or JavaScript tags).
    raw = yaml.load(source, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const e = error as { reason?: string; message?: string; mark?: { line?: number; column?: number } };
    const line = typeof e.mark?.line === 'number' ? Math.min(e.mark.line, Math.max(0, lines.length - 1)) : undefined;
    return { spec: undefined, problems: [{ rule: 'demo-yaml', message: `not valid YAML: ${e.reason ?? e.message ?? String(error)}; write one \`option: value\` per line, starting with \`type: mlp\``, line, column: e.mark?.column ?? 0 }] };
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { spec: undefined, problems: [{ rule: 'demo-yaml', message: 'the block must be `option: value` lines, starting with `type: mlp` (or cnn, lstm)', line: 0, column: 0 }] };
  }
  const given = raw as Record<string, unknown>;
  const problems: Problem[] = [];
  const at = (key: string) => keyPlace(lines, key);
  const clean: Record<string, unknown> = {};
  const schema = isDemoType(given.type) ? DEMO_SCHEMAS[given.type] : undefined;
  for (const [key, value] of Object.entries(given)) {
    // Names every object inherits (`constructor`, `toString`) are unknown options, not schema entries.
    if (schema && key !== 'type' && !Object.hasOwn(schema, key)) {
      problems.push({ rule: 'demo-option', message: `unknown option \`${key}\`; valid options: ${Object.keys(schema).join(', ')}`, ...at(key), ignored: key });
      continue;
    }
    if (countNodes(value, MAX_VALUE_NODES) > MAX_VALUE_NODES) {
      const spec = schema && key !== 'type' ? (schema as Record<string, Parameters<typeof describeOption>[0]>)[key] : undefined;
      problems.push({ rule: key === 'type' ? 'demo-type' : 'demo-value', message: `the value of \`${key}\` is far too large${spec ? `; use ${describeOption(spec)}` : ''}`, ...at(key), ignored: key });
      if (key === 'type') return { spec: undefined, problems };
      continue;
    }
    clean[key] = value;
  }
  const parsed = parseDemoConfig(clean);
  for (const p of parsed.problems) {
    if (p.key === 'type') {
      problems.push({ rule: 'demo-type', message: p.message, ...(Object.hasOwn(given, 'type') ? at('type') : { line: undefined, column: 0 }) });
      continue;
    }
    const known = schema !== undefined && Object.hasOwn(schema, p.key);
    const fallback = known ? ` (the default ${JSON.stringify((schema as Record<string, { default: unknown }>)[p.key]!.default)} is used)` : ' (ignored)';
    problems.push({ rule: known ? 'demo-value' : 'demo-option', message: p.message + fallback, ...at(p.key), ignored: known ? `${p.key}: ${shortJson(given[p.key])}` : p.key });
  }
  // Reported top to bottom, as a writer reads the block.
  problems.sort((a, b) => (a.line ?? -1) - (b.line ?? -1));
  return { spec: parsed.spec, problems };
}

/** Line (0-based in the block) and column of a top-level key; the first line when it cannot be found. */
function keyPlace(lines: readonly string[], key: string): { line: number; column: number } {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(\\s*)(?:${esc}|"${esc}"|'${esc}')\\s*:`);
  let best: { line: number; column: number } | undefined;
  lines.forEach((l, i) => {
    const m = re.exec(l);
    if (m && (!best || m[1]!.length < best.column)) best = { line: i, column: m[1]!.length };
  });
  return best ?? { line: 0, column: 0 };
}

/** Nodes of a YAML value, counting up to `limit + 1` (aliases can make a small text a huge, even cyclic, value). */
function countNodes(value: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length && n <= limit) {
    const v = stack.pop();
    n++;
    if (v && typeof v === 'object') stack.push(...(Array.isArray(v) ? v : Object.values(v)));
  }
  return n;
}

const shortJson = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** The figure a demo is before its script runs (and for good, without JavaScript). */
async function staticFigure(spec: DemoSpec, ignored: string[], t: Strings): Promise<Element> {
  const { result } = await renderDiagram('nn', demoNetworkSource(spec));
  // The net is built from a checked config, so it always fits; the source is still shown should that ever change.
  const network = result.ok ? structuredClone(result.hast) : [h('pre', { className: ['demo-source'] }, [text(demoNetworkSource(spec))])];
  const visuals: ElementContent[] = [h('div', { className: ['demo-network'] }, network)];
  if (spec.type === 'mlp') visuals.push(datasetScatter(spec.config, (n) => t.scatter(spec.config.dataset, n), t.customEmpty));
  const body: ElementContent[] = [
    h('div', { className: ['demo-visuals'] }, visuals),
    h('p', { className: ['demo-summary'] }, [text(t.summary(spec))]),
  ];
  if (ignored.length) body.push(h('p', { className: ['demo-ignored'], role: 'note' }, [text(`${t.ignored} ${ignored.join(', ')}`)]));
  body.push(
    h('button', { type: 'button', className: ['demo-start'], hidden: true }, [text(t.start)]),
    h('noscript', {}, [h('p', { className: ['demo-noscript'] }, [text(t.noscript)])]),
  );
  const children: ElementContent[] = [h('div', { className: ['demo-static'] }, body)];
  if (spec.config.caption) children.push(h('figcaption', {}, [text(spec.config.caption)]));
  return h(
    'figure',
    { className: ['demo', `demo-${spec.type}`], dataDemo: spec.type, dataConfig: JSON.stringify(spec.config), ariaLabel: t.title[spec.type] },
    children,
  );
}
