/**
 * One entry point for all diagram kinds: renders a block's source to SVG (or a DiagramError), parses the SVG
 * into hast once, and caches both by kind + source. Renders are pure functions of their source, so the second
 * note with the same diagram — and every rebuild in the dev server — costs a Map lookup. `diagramStats()` gives
 * the build benchmark the cost per kind.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { ElementContent, Root } from 'hast';
import { renderNn } from './nn/render.js';
import { renderPlot } from './plot.js';
import { diagramId } from './svg.js';
import { DiagramError, type DiagramKind, type DiagramOutput } from './types.js';

type Renderer = (source: string, id: string) => DiagramOutput;

/**
 * The fence languages handled, mapped to a loader of their renderer. Mermaid is imported on first use: its
 * bundle (ELK layout) costs about a second of CPU to load, which sites without mermaid should not pay.
 */
const LOADERS: Record<DiagramKind, () => Promise<Renderer>> = {
  mermaid: async () => (await import('./mermaid.js')).renderMermaid,
  nn: async () => renderNn,
  plot: async () => renderPlot,
};
const renderers = new Map<DiagramKind, Renderer>();

/** Whether a fence language is a diagram kind. */
export function isDiagramKind(lang: string | null | undefined): lang is DiagramKind {
  return lang === 'mermaid' || lang === 'nn' || lang === 'plot';
}

/** A rendered diagram: the SVG string, the same SVG as hast (position-free, ready to insert) and its texts. */
export type DiagramResult =
  | ({ ok: true; kind: DiagramKind; id: string; hast: ElementContent[] } & DiagramOutput)
  | { ok: false; kind: DiagramKind; id: string; error: DiagramError };

/**
 * What one call cost: `ms` is the wall time of this call (near zero when `cached`; the first mermaid diagram of a
 * process also includes loading the renderer).
 */
export interface DiagramTiming {
  result: DiagramResult;
  ms: number;
  cached: boolean;
}

/** Totals per kind since the process started (or since {@link clearDiagramCache}). */
export interface DiagramKindStats {
  /** Calls, cached or not. */
  count: number;
  /** Calls answered from the cache. */
  cached: number;
  /** Total ms spent in uncached renders (the first render of each distinct source). */
  renderMs: number;
  /** Total ms spent answering cached calls. */
  cachedMs: number;
  /** Renders that failed (shown as an error box). */
  errors: number;
}

const cache = new Map<string, DiagramResult>();
const stats = new Map<DiagramKind, DiagramKindStats>();

/**
 * A folder that keeps drawn diagrams between processes (the build cache's): `version` stands for the renderers'
 * code (danlu's source hash, which covers the lockfile and so beautiful-mermaid's version).
 */
export interface DiagramStore {
  dir: string;
  version: string;
}

/** The file of one diagram in `store`. */
function storedFile(store: DiagramStore, kind: DiagramKind, source: string): string {
  return path.join(store.dir, createHash('sha256').update(`${store.version}\0${kind}\0${source}`).digest('hex').slice(0, 32) + '.json');
}

/** A diagram drawn by an earlier process, if `store` has it. */
function fromStore(store: DiagramStore | undefined, kind: DiagramKind, source: string): DiagramResult | undefined {
  if (!store) return undefined;
  try {
    const out = JSON.parse(readFileSync(storedFile(store, kind, source), 'utf8')) as DiagramOutput & { id: string };
    if (typeof out.svg !== 'string' || typeof out.id !== 'string' || typeof out.desc !== 'string') return undefined;
    return { ok: true, kind, ...out, hast: toHast(out.svg) };
  } catch {
    return undefined;
  }
}

/** Keeps a drawn diagram in `store` (written aside and renamed; a failure only costs the next process a render). */
function toStore(store: DiagramStore | undefined, kind: DiagramKind, source: string, result: DiagramResult): void {
  if (!store || !result.ok) return; // a failed diagram is drawn again, for its message
  const file = storedFile(store, kind, source);
  const tmp = `${file}.tmp-${process.pid}-${threadId}`;
  try {
    mkdirSync(store.dir, { recursive: true });
    const { id, svg, desc, title } = result;
    writeFileSync(tmp, JSON.stringify({ id, svg, desc, ...(title !== undefined ? { title } : {}) }));
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * Renders (or fetches from the cache) one diagram block. Content problems come back as `{ ok: false, error }`;
 * only bugs throw. With a `store`, a diagram drawn by an earlier build is read from it instead of drawn (a CLI
 * rebuild of a note with mermaid diagrams would otherwise load mermaid's renderer, about a second, to draw
 * what it drew last time).
 */
export async function renderDiagram(kind: DiagramKind, source: string, store?: DiagramStore): Promise<DiagramTiming> {
  const start = performance.now();
  fromHtml ??= (await import('hast-util-from-html')).fromHtml;
  const key = `${kind}\0${source}`;
  let result = cache.get(key) ?? fromStore(store, kind, source);
  if (result) cache.set(key, result);
  const cached = result !== undefined;
  if (!result) {
    const id = diagramId(kind, source);
    let render = renderers.get(kind);
    if (!render) {
      render = await LOADERS[kind]();
      renderers.set(kind, render);
    }
    try {
      const out = render(source, id);
      result = { ok: true, kind, id, ...out, hast: toHast(out.svg) };
    } catch (err) {
      if (!(err instanceof DiagramError)) throw err;
      result = { ok: false, kind, id, error: err };
    }
    cache.set(key, result);
    toStore(store, kind, source, result);
  }
  const ms = performance.now() - start;
  const s = stats.get(kind) ?? { count: 0, cached: 0, renderMs: 0, cachedMs: 0, errors: 0 };
  s.count++;
  if (cached) {
    s.cached++;
    s.cachedMs += ms;
  } else {
    s.renderMs += ms;
    if (!result.ok) s.errors++;
  }
  stats.set(kind, s);
  return { result, ms, cached };
}

/** Per-kind totals for the build benchmark and the build report. */
export function diagramStats(): Partial<Record<DiagramKind, DiagramKindStats>> {
  return Object.fromEntries([...stats].map(([k, v]) => [k, { ...v }]));
}

/** Empties the render cache and the statistics (tests, and benchmarks that want a cold run). */
export function clearDiagramCache(): void {
  cache.clear();
  stats.clear();
}

/** hast-util-from-html (with parse5), loaded by the first diagram: a note without one never needs it. */
let fromHtml: typeof import('hast-util-from-html').fromHtml | undefined;

/**
 * Parses the SVG into hast once, here, so the page needs no raw-HTML pass (which would re-parse the whole note)
 * and cached diagrams are inserted as ready-made trees. Positions point into the SVG string, not the note, so
 * they are dropped.
 */
function toHast(svg: string): ElementContent[] {
  if (!fromHtml) throw new Error('toHast before renderDiagram loaded the HTML parser');
  const root: Root = fromHtml(svg, { fragment: true });
  const strip = (node: { position?: unknown; children?: unknown[] }) => {
    delete node.position;
    node.children?.forEach((c) => strip(c as { position?: unknown; children?: unknown[] }));
  };
  strip(root);
  return root.children as ElementContent[];
}
