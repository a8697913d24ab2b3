/**
 * remarkDiagram: fenced code blocks with the language `mermaid`, `nn` or `plot` become build-time SVG figures
 * (`<figure class="diagram diagram-<kind>">` with inline SVG and a `<figcaption>` when the block has a title).
 * The SVG is inserted as ready-made hast on the mdast node (`data.hName/hChildren`), so no raw-HTML pass is
 * needed. A block that fails to parse, or whose layer shapes do not fit, is a warning at the fence's
 * line:column and becomes a visible error box showing its source; the rest of the page builds.
 * Formats: src/site/diagrams/README.md.
 */
import type { Code, Parent, Root } from 'mdast';
import type { ElementContent, Properties } from 'hast';
import { visit } from '../walk.js';
import type { VFile } from 'vfile';
import { isDiagramKind, renderDiagram, type DiagramStore } from '../../diagrams/render.js';
import type { DiagramKind } from '../../diagrams/types.js';

/** One diagram of a note, recorded for the build benchmark: its kind, render time and whether it was cached. */
export interface DiagramRecord {
  kind: DiagramKind;
  /** Wall time of this render in ms (near zero when cached). */
  ms: number;
  cached: boolean;
  /** Source line of the fence. */
  line: number;
  ok: boolean;
}

declare module 'vfile' {
  interface DataMap {
    /** Diagrams rendered for this note, in document order. */
    diagrams: DiagramRecord[];
  }
}

const h = (tagName: string, properties: Properties, children: ElementContent[]): ElementContent => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const text = (value: string): ElementContent => ({ type: 'text', value });

/** A fence opening with a diagram language somewhere in the source (a superset: also matches inside code). */
const MAY_HAVE_DIAGRAM = /(?:`{3,}|~{3,})[ \t]*(?:mermaid|nn|plot)\b/;

/** The plugin; see the file comment. `store`: where diagrams drawn by earlier builds are kept (render.ts). */
export function remarkDiagram(options: { store?: DiagramStore | undefined } = {}) {
  return async (tree: Root, file: VFile): Promise<void> => {
    // Most notes have no diagram: a regex over the source is much cheaper than walking the tree to find none.
    if (!MAY_HAVE_DIAGRAM.test(String(file.value))) return;
    const records: DiagramRecord[] = file.data.diagrams ?? [];
    // Collect first, render after: rendering is async (renderers load on first use) and visit() is not.
    const found: { node: Code; index: number; parent: Parent; kind: DiagramKind }[] = [];
    visit(tree, 'code', (node: Code, index: number | undefined, parent: Parent | undefined) => {
      if (parent && index !== undefined && isDiagramKind(node.lang)) found.push({ node, index, parent, kind: node.lang });
    });
    for (const { node, index, parent, kind } of found) {
      const { result, ms, cached } = await renderDiagram(kind, node.value, options.store);
      const fenceLine = node.position?.start.line ?? 0;
      records.push({ kind, ms, cached, line: fenceLine, ok: result.ok });

      let properties: Properties;
      let children: ElementContent[];
      if (result.ok) {
        properties = { className: ['diagram', `diagram-${kind}`] };
        // A copy: the cached tree is shared between notes and later plugins may annotate nodes.
        children = structuredClone(result.hast);
        if (result.title) children.push(h('figcaption', {}, [text(result.title)]));
      } else {
        const err = result.error;
        // The fence body starts on the line after the opening fence, so line i of the block is fenceLine + 1 + i.
        const where = err.line !== undefined && fenceLine ? `line ${fenceLine + 1 + err.line}: ` : '';
        const reason = `${kind} diagram not drawn — ${where}${err.message}`;
        const message = file.message(reason, { place: node.position, ruleId: err.ruleId, source: 'danlu' });
        message.fatal = false;
        properties = {
          className: ['diagram', 'diagram-error', `diagram-${kind}`],
          role: 'group',
          dataRule: err.ruleId,
          style:
            'border:2px solid var(--diagram-error-fg, #c92a2a);background:var(--diagram-error-bg, #fff5f5);' +
            'padding:0.5em 0.75em;border-radius:4px',
        };
        children = [
          h('figcaption', { style: 'color:var(--diagram-error-fg, #c92a2a);font-weight:600' }, [text(`Diagram error (${err.ruleId}): ${where}${err.message}`)]),
          // No <code> inside: the highlighter restyles every pre > code, and this is the writer's source as typed.
          h('pre', { className: ['diagram-source'] }, [text(node.value)]),
        ];
      }
      // An mdast node of a type remark-rehype does not know becomes exactly the element its data describes.
      const figure = {
        type: 'diagram',
        ...(node.position ? { position: node.position } : {}),
        data: { hName: 'figure', hProperties: properties, hChildren: children },
      };
      parent.children[index] = figure as unknown as Parent['children'][number];
    }
    if (records.length) file.data.diagrams = records;
  };
}
