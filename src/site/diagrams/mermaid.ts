/**
 * Mermaid blocks → inline SVG at build time with `beautiful-mermaid`: pure TypeScript (ELK layout run
 * synchronously, text widths from built-in glyph-width tables), so no DOM, no headless browser. It supports
 * flowchart, sequence, class, state and ER diagrams (and xychart). Its output is adapted to being inlined into
 * a page next to other diagrams: web-font `@import`s are removed (nothing is fetched at view time), its global
 * `svg {…}`/`text {…}` style rules are scoped to this figure, and every id is prefixed so two diagrams on a page
 * cannot capture each other's markers or collide with heading anchors.
 */
import { renderMermaidSVG } from 'beautiful-mermaid';
import { DiagramError, type DiagramOutput } from './types.js';
import { escapeXml } from './svg.js';

const TYPE_NAMES: [RegExp, string][] = [
  [/^(flowchart|graph)\b/, 'Flowchart'],
  [/^sequenceDiagram\b/, 'Sequence diagram'],
  [/^classDiagram\b/, 'Class diagram'],
  [/^stateDiagram(-v2)?\b/, 'State diagram'],
  [/^erDiagram\b/, 'Entity-relationship diagram'],
  [/^xychart(-beta)?\b/, 'Chart'],
];

/**
 * Renders one mermaid block. A `%% title: …` comment line gives the caption. Throws {@link DiagramError}
 * (`diagram-mermaid`) with the parser's reason when the block does not parse.
 */
export function renderMermaid(source: string, id: string): DiagramOutput {
  const titleMatch = /^\s*%%\s*title\s*:\s*(.+?)\s*$/im.exec(source);
  const title = titleMatch?.[1];
  const firstLine =
    source
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('%%')) ?? '';
  const typeName = TYPE_NAMES.find(([re]) => re.test(firstLine))?.[1];
  if (!typeName) {
    throw new DiagramError(
      `unknown mermaid diagram type \`${firstLine.slice(0, 40)}\`; start the block with flowchart, sequenceDiagram, ` +
        'classDiagram, stateDiagram-v2, erDiagram or xychart-beta',
      'diagram-mermaid',
    );
  }
  let raw: string;
  try {
    raw = renderMermaidSVG(/^(flowchart|graph)\b/.test(firstLine) ? spaceFlowchartArrows(source) : source, {
      bg: 'var(--diagram-bg, Canvas)',
      fg: 'var(--diagram-fg, #222)',
      accent: 'var(--diagram-accent, #d9480f)',
      muted: 'var(--diagram-muted, #888)',
      transparent: true,
      font: 'inherit',
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DiagramError(`mermaid could not parse this ${typeName.toLowerCase()}: ${reason}`, 'diagram-mermaid', undefined, {
      cause: err,
    });
  }
  const labels = nodeLabels(raw);
  const desc =
    `${typeName}` + (labels.length ? ` with ${labels.length} element${labels.length === 1 ? '' : 's'}: ${labels.join(', ')}.` : '.');
  return { svg: adapt(raw, id, title ?? typeName, desc), ...(title ? { title } : {}), desc };
}

/**
 * beautiful-mermaid 1.1.3 reads `A-->B` (no space before the arrow) as one node `A--` with no edge
 * (lukilabs/beautiful-mermaid#140, open). Mermaid accepts it and writers use it, so we insert the space before
 * each arrow that directly follows a node, outside of labels and quotes.
 */
export function spaceFlowchartArrows(source: string): string {
  return source
    .split('\n')
    .map((line) => {
      if (/^\s*%%/.test(line)) return line;
      let out = '';
      let depth = 0;
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (ch === '"') quoted = !quoted;
        else if (!quoted && '[({'.includes(ch)) depth++;
        else if (!quoted && '])}'.includes(ch)) depth = Math.max(0, depth - 1);
        else if (!quoted && depth === 0 && i > 0 && /[\w\])}]/.test(line[i - 1]!) && /^<?(-->|-\.->|==>|---|-\.-|===)/.test(line.slice(i))) {
          out += ' ';
        }
        out += ch;
      }
      return out;
    })
    .join('\n');
}

/** The visible labels of nodes/actors/entities, in document order and without duplicates, for `<desc>`. */
function nodeLabels(svg: string): string[] {
  const out = new Set<string>();
  for (const m of svg.matchAll(/<g class="(?:node|actor|class-node|entity|state)[^"]*"([^>]*)>/g)) {
    const attrs = m[1]!;
    const label = /data-label="([^"]*)"/.exec(attrs)?.[1] ?? /data-id="([^"]*)"/.exec(attrs)?.[1];
    // State diagrams' [*] pseudo-states have generated ids such as `_start`; they are not content.
    if (label && !/^_/.test(label)) out.add(unescape(label));
  }
  if (out.size === 0) {
    for (const m of svg.matchAll(/<g [^>]*data-id="([^"]*)"/g)) if (!/^_/.test(m[1]!)) out.add(unescape(m[1]!));
  }
  return [...out];
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Rewrites beautiful-mermaid's standalone SVG into one that is safe to inline many times on a themed page. */
function adapt(raw: string, id: string, title: string, desc: string): string {
  let svg = raw
    // Remote fonts: never fetched; the text inherits the page's font instead.
    .replace(/^\s*@import url\([^)]*\);?\s*$/gm, '')
    .replace(/^\s*text \{ font-family:[^}]*\}\s*$/gm, '')
    .replace(/^\s*\.mono \{ font-family:[^}]*\}\s*$/gm, `  #${id} .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }`)
    // Global selectors inside an inline <style> would restyle every SVG on the page; scope them to this one.
    .replace(/^(\s*)svg \{/gm, `$1#${id} {`);
  // Prefix ids and their references.
  svg = svg
    .replace(/\bid="([^"]+)"/g, (_, v: string) => `id="${id}-${v}"`)
    .replace(/url\(#([^)]+)\)/g, (_, v: string) => `url(#${id}-${v})`)
    .replace(/href="#([^"]+)"/g, (_, v: string) => `href="#${id}-${v}"`);
  // Make the root accessible and responsive; the root tag is the first `<svg …>`.
  svg = svg.replace(/^<svg ([^>]*?)style="([^"]*)">/, (_m, attrs: string, style: string) => {
    return (
      `<svg ${attrs}class="diagram-mermaid" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
      `style="${style};max-width:100%;height:auto;font-family:inherit">` +
      `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`
    );
  });
  return svg.replace(/\n\s*\n/g, '\n');
}
