/** Shared types of the build-time diagram renderers. */

/** The fence languages that become diagrams. */
export type DiagramKind = 'mermaid' | 'nn' | 'plot';

/** A finished diagram: inline SVG plus the text used for the caption and for feeds. */
export interface DiagramOutput {
  svg: string;
  /** Title from the block's `title:` header, shown as `<figcaption>`; absent when none was given. */
  title?: string;
  /** The text alternative written into `<desc>`. */
  desc: string;
}

/**
 * A content problem inside a diagram block. `line` is the 0-based line inside the fence body (so the plugin can
 * map it to the source file), when the problem belongs to one line.
 */
export class DiagramError extends Error {
  override name = 'DiagramError';
  constructor(
    message: string,
    readonly ruleId: 'diagram-mermaid' | 'diagram-nn-syntax' | 'diagram-nn-shape' | 'diagram-plot',
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Splits `key: value` header lines (title, desc) off the top of a block. Returns the headers and the remaining
 * lines with their 0-based index inside the block, so errors can still name the right line.
 */
export function splitHeader(
  source: string,
  keys: readonly string[],
): { header: Map<string, string>; lines: { text: string; index: number }[] } {
  const header = new Map<string, string>();
  const lines: { text: string; index: number }[] = [];
  const all = source.split(/\r?\n/);
  all.forEach((raw, index) => {
    const m = /^\s*([a-z]+)\s*:\s*(.*?)\s*$/i.exec(raw);
    if (m && keys.includes(m[1]!.toLowerCase())) header.set(m[1]!.toLowerCase(), m[2]!);
    else lines.push({ text: raw, index });
  });
  return { header, lines };
}
