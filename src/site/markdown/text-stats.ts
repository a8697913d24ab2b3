/**
 * Counts what a reader reads: CJK characters one by one and Latin words as words (a plain word count says a
 * 3000-character Chinese note has 40 words). Code, math and diagrams are not prose and are left out.
 */
import type { Nodes } from 'hast';

/** Prose statistics of a rendered note. */
export interface TextStats {
  /** CJK characters plus Latin words. */
  wordCount: number;
  /** Minutes at 400 CJK characters or 200 Latin words a minute, at least 1. */
  readingMinutes: number;
  /** Plain prose text, whitespace folded, for the search index. */
  text: string;
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/g;
const SKIP_TAGS = new Set(['pre', 'code', 'svg', 'script', 'style', 'math']);

/** Walks a hast tree collecting prose text. */
export function textStats(tree: Nodes): TextStats {
  const parts: string[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'text') parts.push(node.value);
    else if (node.type === 'element') {
      if (SKIP_TAGS.has(node.tagName)) return;
      const cls = node.properties.className;
      // Math, diagrams, demo figures and the `#` of heading anchors are not prose.
      if (Array.isArray(cls) && cls.some((c) => c === 'math' || c === 'katex' || c === 'diagram' || c === 'demo' || c === 'heading-anchor')) return;
      for (const c of node.children) walk(c);
      if (/^(p|h[1-6]|li|td|th|blockquote|div|figcaption|dt|dd)$/.test(node.tagName)) parts.push(' ');
    } else if (node.type === 'root') for (const c of node.children) walk(c);
  };
  walk(tree);
  const text = parts.join('').replace(/\s+/g, ' ').trim();
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text.replace(CJK, ' ').match(/[A-Za-z0-9\u00c0-\u024f]+(?:['’-][A-Za-z0-9\u00c0-\u024f]+)*/g)?.length ?? 0;
  return { wordCount: cjk + words, readingMinutes: Math.max(1, Math.round(cjk / 400 + words / 200)), text };
}
