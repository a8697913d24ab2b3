/**
 * One entry point for all diagram kinds: renders a block's source to SVG (or a DiagramError), parses the SVG
 * into hast once, and caches both by kind + source. Renders are pure functions of their source, so the second
 * note with the same diagram — and every rebuild in the dev server — costs a Map lookup. `diagramStats()` gives
 * the build benchmark the cost per kind.
 */
import type { ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
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
 * Renders (or fetches from the cache) one diagram block. Content problems come back as `{ ok: false, error }`;
 * only bugs throw.
 */
export async function renderDiagram(kind: DiagramKind, source: string): Promise<DiagramTiming> {
  const start = performance.now();
  const key = `${kind}\0${source}`;
  let result = cache.get(key);
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

/**
 * Parses the SVG into hast once, here, so the page needs no raw-HTML pass (which would re-parse the whole note)
 * and cached diagrams are inserted as ready-made trees. Positions point into the SVG string, not the note, so
 * they are dropped.
 */
function toHast(svg: string): ElementContent[] {
  const root: Root = fromHtml(svg, { fragment: true });
  const strip = (node: { position?: unknown; children?: unknown[] }) => {
    delete node.position;
    node.children?.forEach((c) => strip(c as { position?: unknown; children?: unknown[] }));
  };
  strip(root);
  return root.children as ElementContent[];
}
