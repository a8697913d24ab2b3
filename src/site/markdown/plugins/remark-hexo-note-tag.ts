/**
 * Hexo tag plugins as an existing blog uses them: `{% note [class] [no-icon] [summary] %}…{% endnote %}` (NexT
 * and Butterfly themes) becomes the same callout as Obsidian's `> [!note]`; `{% codeblock %}…{% endcodeblock %}`
 * a code block; `{% blockquote %}` a quote; `{% raw %}` is dropped around its content; `{% asset_img %}`,
 * `{% img %}`, `{% asset_link %}`, `{% asset_path %}` and `{% post_link %}` become images and links. Any other
 * tag is left visible as written, with a warning (ruleId `hexo-tag-unknown`) that names it.
 *
 * Written by hand: no remark plugin reads Hexo's Nunjucks-style tags (Hexo renders them with its own engine
 * before markdown). Here the markdown is parsed first, so a block tag arrives as text at the edge of
 * paragraphs: `{% note %}` may share a paragraph with the first lines of content, and a closing tag written
 * right under a list is a lazy continuation inside its last item. The plugin therefore (1) cuts every block
 * tag out into a paragraph of its own, (2) pairs openers with closers among siblings, lifting a closer out of
 * the end of a preceding list or quote, and (3) replaces inline tags in the remaining text. Code between
 * `{% codeblock %}` tags is taken from the source text, since markdown would have mangled it.
 */
import type {
  BlockContent,
  Blockquote,
  Code,
  DefinitionContent,
  Image,
  Link,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  Text,
} from 'mdast';
// hName/hProperties on mdast nodes (declared by mdast-util-to-hast, which remark-rehype brings).
import type {} from 'remark-rehype';
import { toString } from 'mdast-util-to-string';
import type { Position } from 'unist';
import { SKIP, visit } from '../walk.js';
import type { VFile } from 'vfile';
import { buildCallout, type CalloutOptions } from './remark-callout.js';
import { applyImageSize, fileNameOf } from './remark-image-size.js';
import { locateInText, textSlice, type WikilinkTarget } from './remark-wikilink.js';

/** Options of {@link remarkHexoNoteTag}. */
export interface HexoTagOptions {
  /** Language of callout default titles (only used when a note tag has no summary and a title is needed). */
  language?: CalloutOptions['language'];
  /** Find a post by the slug in `{% post_link slug %}` (same resolver as wikilinks); without it they warn. */
  resolve?: (target: string, file: VFile) => WikilinkTarget | undefined;
}

type Flow = BlockContent | DefinitionContent;

/** A block tag cut out into a paragraph of its own. */
interface Marker {
  name: string;
  end: boolean;
  args: string;
  raw: string;
  position: Position | undefined;
}

// Tags with content and a closing `{% endname %}`.
const BLOCK_TAGS = new Set(['note', 'codeblock', 'code', 'raw', 'blockquote']);
const BLOCK_TAG = /\{%-?\s*(end)?(note|codeblock|code|raw|blockquote)\b((?:[^%]|%(?!\}))*?)-?%\}/g;
const INLINE_TAG = /\{%-?\s*([A-Za-z_][\w-]*)((?:[^%]|%(?!\}))*?)-?%\}/g;

// NexT classes and Butterfly colours → callout types.
const NOTE_CLASSES: Record<string, string> = {
  default: 'note', primary: 'note', info: 'info', success: 'success', warning: 'warning', danger: 'danger',
  blue: 'info', green: 'success', orange: 'warning', red: 'danger', pink: 'note', purple: 'note',
};
// Butterfly style words; they change the look, not the meaning.
const NOTE_STYLES = new Set(['simple', 'modern', 'flat', 'disabled']);

/** Split tag arguments like Hexo does: on whitespace, with "double" or 'single' quoted groups kept whole. */
export function tagArgs(args: string): string[] {
  const out: string[] = [];
  for (const m of args.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Trim whitespace only on the sides that touch a cut-out tag (the line break around it). */
function trimmedRange(value: string, from: number, to: number, trimStart: boolean, trimEnd: boolean): [number, number] {
  while (trimStart && from < to && /\s/.test(value[from]!)) from++;
  while (trimEnd && to > from && /\s/.test(value[to - 1]!)) to--;
  return [from, to];
}

function paragraphOf(children: PhrasingContent[]): Paragraph {
  const paragraph: Paragraph = { type: 'paragraph', children };
  const start = children[0]?.position?.start;
  const end = children[children.length - 1]?.position?.end;
  if (start && end) paragraph.position = { start, end };
  return paragraph;
}

/** Unified plugin: render Hexo tags (see the module comment). */
export function remarkHexoNoteTag(options: HexoTagOptions = {}) {
  return (tree: Root, file: VFile): void => {
    const source = String(file.value ?? '');
    // Most notes have no Hexo tag: skip the three tree walks (the build runs this for every note).
    if (source && !source.includes('{%')) return;
    const markers = new WeakMap<Paragraph, Marker>();
    const rawContent = new WeakSet<Nodes>();
    const warn = (reason: string, place: Position | undefined, ruleId: string) => {
      file.message(reason, { place, ruleId, source: 'danlu' }).fatal = false;
    };

    // (1) Cut block tags out of paragraphs, so that each is a paragraph of its own.
    const splitParagraph = (paragraph: Paragraph): Paragraph[] => {
      if (!paragraph.children.some((c) => c.type === 'text' && c.value.includes('{%'))) return [paragraph];
      const out: Paragraph[] = [];
      let current: PhrasingContent[] = [];
      const flush = () => {
        while (current[0]?.type === 'break') current.shift();
        while (current[current.length - 1]?.type === 'break') current.pop();
        if (current.length > 0) out.push(paragraphOf(current));
        current = [];
      };
      for (const child of paragraph.children) {
        if (child.type !== 'text') {
          current.push(child);
          continue;
        }
        let last = 0;
        for (const m of child.value.matchAll(BLOCK_TAG)) {
          const [from, to] = trimmedRange(child.value, last, m.index, last > 0, true);
          if (to > from) current.push(textSlice(source, child, from, to));
          flush();
          const position = locateInText(source, child, m.index, m[0]);
          const marker: Paragraph = { type: 'paragraph', children: [{ type: 'text', value: m[0] }] };
          if (position) marker.position = marker.children[0]!.position = position;
          markers.set(marker, { name: m[2] ?? '', end: m[1] !== undefined, args: (m[3] ?? '').trim(), raw: m[0], position });
          out.push(marker);
          last = m.index + m[0].length;
        }
        if (last === 0) {
          current.push(child);
        } else {
          const [from, to] = trimmedRange(child.value, last, child.value.length, true, false);
          if (to > from) current.push(textSlice(source, child, from, to));
        }
      }
      flush();
      return out;
    };
    // A tag alone in an indented code block (`    {% endnote %}` after a blank line) is still a tag, as in Hexo,
    // which reads tags before markdown: the note closes where its writer closed it.
    const indentedTag = (code: Code): Paragraph | undefined => {
      const offset = code.position?.start.offset;
      if (code.lang || offset === undefined || /^[ \t]*(?:`{3}|~{3})/.test(source.slice(offset))) return undefined;
      const m = new RegExp(`^${BLOCK_TAG.source}$`).exec(code.value.trim());
      if (!m) return undefined;
      const marker: Paragraph = { type: 'paragraph', children: [{ type: 'text', value: m[0] }] };
      if (code.position) marker.position = marker.children[0]!.position = code.position;
      markers.set(marker, { name: m[2] ?? '', end: m[1] !== undefined, args: (m[3] ?? '').trim(), raw: m[0], position: code.position });
      return marker;
    };
    visit(tree, (node) => {
      if (!('children' in node) || node.type === 'paragraph') return;
      if (!node.children.some((c) => c.type === 'paragraph' || c.type === 'code')) return;
      const next: Nodes[] = [];
      for (const child of node.children as Nodes[]) {
        if (child.type === 'paragraph') next.push(...splitParagraph(child));
        else next.push((child.type === 'code' && indentedTag(child)) || child);
      }
      (node.children as Nodes[]) = next;
    });

    // (2) Pair openers with closers among siblings and build the blocks.
    const markerOf = (node: Nodes | undefined): Marker | undefined =>
      node?.type === 'paragraph' ? markers.get(node) : undefined;

    /** A closer lazily continued into the end of a list or quote: detach it from there. */
    const takeTrailingCloser = (node: Nodes, name: string): Paragraph | undefined => {
      let parent: Nodes = node;
      while ('children' in parent && parent.children.length > 0) {
        const lastChild: Nodes = parent.children[parent.children.length - 1] as Nodes;
        const marker = markerOf(lastChild);
        if (marker) {
          if (!marker.end || marker.name !== name) return undefined;
          parent.children.pop();
          return lastChild as Paragraph;
        }
        if (lastChild.type !== 'list' && lastChild.type !== 'listItem' && lastChild.type !== 'blockquote') return undefined;
        parent = lastChild;
      }
      return undefined;
    };

    const findCloser = (children: Nodes[], from: number, name: string): number => {
      let depth = 0;
      for (let k = from + 1; k < children.length; k++) {
        const node = children[k]!;
        const marker = markerOf(node);
        if (marker?.name === name) {
          if (!marker.end) depth++;
          else if (depth === 0) return k;
          else depth--;
        } else if (!marker && depth === 0 && (node.type === 'list' || node.type === 'blockquote')) {
          const closer = takeTrailingCloser(node, name);
          if (closer) {
            children.splice(k + 1, 0, closer);
            return k + 1;
          }
        }
      }
      return -1;
    };

    const codeBetween = (open: Marker, close: Marker, inner: Nodes[]): string => {
      const from = open.position?.end.offset;
      const to = close.position?.start.offset;
      if (from !== undefined && to !== undefined) return source.slice(from, to).replace(/^[ \t]*\r?\n/, '').replace(/\r?\n[ \t]*$/, '');
      return inner.map((node) => toString(node)).join('\n\n');
    };

    const buildBlock = (open: Marker, close: Marker, inner: Nodes[], first: Nodes, last: Nodes): Nodes[] => {
      const position: Position | undefined =
        first.position && last.position ? { start: first.position.start, end: last.position.end } : undefined;
      if (open.name === 'codeblock' || open.name === 'code') {
        // `{% codeblock [title] [lang:language] [url] [link text] [option:value…] %}`
        const lang = tagArgs(open.args).find((a) => a.startsWith('lang:'))?.slice(5) || null;
        const code: Code = { type: 'code', lang, meta: null, value: codeBetween(open, close, inner) };
        if (position) code.position = position;
        return [code];
      }
      const content = processFlow(inner) as Flow[];
      if (open.name === 'raw') {
        for (const node of content) rawContent.add(node);
        return content;
      }
      const node: Blockquote = { type: 'blockquote', children: [] };
      if (position) node.position = position;
      if (open.name === 'blockquote') {
        // `{% blockquote [author[, source]] [link] [source_link_title] %}`: the attribution goes last.
        node.children = content;
        const args = tagArgs(open.args);
        const link = args.find((a) => /^https?:\/\//.test(a));
        const words = args.filter((a) => a !== link);
        if (words.length > 0 || link) {
          const cite: PhrasingContent[] = [{ type: 'text', value: `— ${words.join(' ') || link}` }];
          if (link && words.length > 0) cite.push({ type: 'text', value: ' ' }, { type: 'link', url: link, title: null, children: [{ type: 'text', value: link }] });
          node.children.push({ type: 'paragraph', children: cite, data: { hProperties: { className: ['quote-source'] } } });
        }
        return [node];
      }
      // `{% note [class] [no-icon] [summary] %}`; Butterfly adds an icon ('fas fa-x') and a style word.
      let name: string | undefined;
      const classes: string[] = [];
      const summary: string[] = [];
      for (const arg of tagArgs(open.args)) {
        const key = arg.toLowerCase();
        if (name === undefined && Object.hasOwn(NOTE_CLASSES, key)) {
          name = NOTE_CLASSES[key];
          // NexT's `default` (grey) and `primary` (purple) share the note callout but not its colour.
          if (key === 'default' || key === 'primary') classes.push(`hexo-note-${key}`);
        }
        else if (key === 'no-icon') classes.push('no-icon');
        else if (NOTE_STYLES.has(key) || /^fa[bsrl]?\s+fa-/.test(key)) continue;
        else summary.push(arg);
      }
      const title = summary.join(' ');
      buildCallout(
        node,
        {
          name: name ?? 'note',
          fold: title ? 'closed' : undefined,
          title: title ? [{ type: 'text', value: title }] : undefined,
          titlePosition: open.position,
          body: content,
          classes: ['hexo-note', ...classes],
          untitled: !title,
        },
        options.language,
      );
      return [node];
    };

    const processFlow = (children: Nodes[]): Nodes[] => {
      for (let i = 0; i < children.length; i++) {
        const node = children[i]!;
        const marker = markerOf(node);
        if (!marker) {
          if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableRow') {
            (node.children as Nodes[]) = processFlow(node.children as Nodes[]);
          }
          continue;
        }
        if (marker.end) {
          warn(
            `${marker.raw} closes a {% ${marker.name} %} that was never opened here: remove it, or move it to the ` +
              `same level (not inside a list or quote) as its opening tag`,
            marker.position,
            'hexo-tag-unmatched',
          );
          continue;
        }
        const j = findCloser(children, i, marker.name);
        if (j === -1) {
          warn(
            `${marker.raw} is never closed: ` +
              (whyUnclosed(source, marker) ??
                `add {% end${marker.name} %} on its own line after the content, at the same level (not inside a list or quote)`),
            marker.position,
            'hexo-tag-unclosed',
          );
          continue;
        }
        const close = markerOf(children[j])!;
        const built = buildBlock(marker, close, children.slice(i + 1, j), node, children[j]!);
        children.splice(i, j - i + 1, ...built);
        i += built.length - 1;
      }
      return children;
    };
    processFlow(tree.children as Nodes[]);

    // (3) Inline tags in the remaining text.
    // GFM's autolink literals read the URL of `{% img https://… %}` as a link, splitting the tag over a text,
    // a link and a text node: put such a tag back into one text node, taken verbatim from the source.
    const joinSplitTags = (children: PhrasingContent[]): void => {
      for (let i = 0; i < children.length; i++) {
        const first = children[i];
        if (first?.type !== 'text') continue;
        const open = first.value.lastIndexOf('{%');
        if (open < 0 || first.value.includes('%}', open)) continue;
        let j = i + 1;
        while (j < children.length && !(children[j]?.type === 'text' && (children[j] as Text).value.includes('%}'))) j++;
        const last = children[j] as Text | undefined;
        if (!last) continue;
        const close = last.value.indexOf('%}') + 2;
        const start = locateInText(source, first, open, first.value.slice(open))?.start;
        const end = locateInText(source, last, 0, last.value.slice(0, close))?.end;
        const raw = start?.offset !== undefined && end?.offset !== undefined ? source.slice(start.offset, end.offset) : '';
        // Only when the source really holds one tag there (positions can be approximate after escapes).
        if (!start || !end || !raw.startsWith('{%') || !raw.endsWith('%}') || raw.slice(2, -2).includes('%}')) continue;
        const joined: PhrasingContent[] = [];
        if (open > 0) joined.push(textSlice(source, first, 0, open));
        joined.push({ type: 'text', value: raw, position: { start, end } });
        if (close < last.value.length) joined.push(textSlice(source, last, close, last.value.length));
        children.splice(i, j - i + 1, ...joined);
      }
    };
    const assetUrl = (slug: string) => (file.stem ? `${file.stem}/${slug}` : slug);
    const inline = (name: string, args: string[], raw: string, position: Position | undefined): PhrasingContent | undefined => {
      switch (name) {
        case 'asset_img':
        case 'img':
        case 'image': {
          // `{% asset_img [class names] slug [width] [height] [title text [alt text]] %}`; img takes a path or URL.
          const at = args.findIndex((a) => /[./]/.test(a));
          if (at === -1) return undefined;
          const slug = args[at]!;
          const rest = args.slice(at + 1);
          const sizes: number[] = [];
          while (rest[0] !== undefined && /^\d+(?:px)?$/.test(rest[0])) sizes.push(parseInt(rest.shift()!, 10));
          // Hexo joins the rest and reads `"title" "alt"` from it (written as one '…' argument); else it is the title.
          const meta = /^["']?([^"']+)?["']?\s*["']?([^"']+)?["']?$/.exec(rest.join(' ').trim());
          const title = meta?.[1]?.trim();
          const alt = meta?.[2]?.trim();
          const url = name === 'asset_img' ? assetUrl(slug) : slug;
          const image: Image = { type: 'image', url, alt: alt || title || fileNameOf(slug), title: title || null };
          if (sizes[0]) applyImageSize(image, sizes[1] ? { width: sizes[0], height: sizes[1] } : { width: sizes[0] });
          const classes = args.slice(0, at);
          if (classes.length > 0) image.data = { ...image.data, hProperties: { ...image.data?.hProperties, className: classes } };
          if (position) image.position = position;
          return image;
        }
        case 'asset_link':
        case 'asset_path': {
          const [slug, ...title] = args;
          if (!slug) return undefined;
          if (name === 'asset_path') return { type: 'text', value: assetUrl(slug), ...(position ? { position } : {}) };
          const link: Link = { type: 'link', url: assetUrl(slug), title: null, children: [{ type: 'text', value: title.join(' ') || slug }] };
          if (position) link.position = position;
          return link;
        }
        case 'post_link':
        case 'post_path': {
          const [slug, ...title] = args;
          if (!slug) return undefined;
          const found = options.resolve?.(slug, file);
          if (!found) {
            warn(
              `${raw} links to a post “${slug}” that is not among the notes: check the slug against the post's ` +
                `file name (without .md) or title`,
              position,
              'hexo-post-link-unresolved',
            );
            return { type: 'text', value: title.filter((t) => t !== 'true' && t !== 'false').join(' ') || slug, ...(position ? { position } : {}) };
          }
          if (name === 'post_path') return { type: 'text', value: found.url };
          const label = title.filter((t) => t !== 'true' && t !== 'false').join(' ') || found.title;
          const link: Link = { type: 'link', url: found.url, title: null, children: [{ type: 'text', value: label }] };
          if (position) link.position = position;
          return link;
        }
        default:
          return undefined;
      }
    };
    const KNOWN_INLINE = new Set(['asset_img', 'img', 'image', 'asset_link', 'asset_path', 'post_link', 'post_path']);
    visit(tree, (node) => {
      if (rawContent.has(node) || node.type === 'link' || node.type === 'linkReference') return SKIP;
      if ('children' in node) joinSplitTags(node.children as PhrasingContent[]);
      return undefined;
    });
    visit(tree, (node, index, parent) => {
      if (rawContent.has(node) || node.type === 'link' || node.type === 'linkReference') return SKIP;
      if (node.type !== 'text' || !parent || index === undefined || !node.value.includes('{%')) return;
      const replacement: PhrasingContent[] = [];
      let last = 0;
      for (const m of node.value.matchAll(INLINE_TAG)) {
        const name = m[1] ?? '';
        const position = locateInText(source, node, m.index, m[0]);
        if (BLOCK_TAGS.has(name) || (name.startsWith('end') && name.length > 3)) {
          continue; // block tags were reported in step 2; an `{% endfoo %}` belongs to an unknown `foo`
        }
        const built = KNOWN_INLINE.has(name) ? inline(name, tagArgs(m[2] ?? ''), m[0], position) : undefined;
        if (!built) {
          warn(
            KNOWN_INLINE.has(name)
              ? `${m[0]} is missing its file or slug argument: write it as in the Hexo docs, e.g. {% ${name} name.png %}`
              : `Hexo tag {% ${name} %} is not supported, so “${m[0]}” is shown as written: replace it with ` +
                  `markdown or HTML (a link, an image, an <iframe>…)`,
            position,
            'hexo-tag-unknown',
          );
          continue;
        }
        if (m.index > last) replacement.push(textSlice(source, node, last, m.index));
        replacement.push(built);
        last = m.index + m[0].length;
      }
      if (replacement.length === 0) return;
      if (last < node.value.length) replacement.push(textSlice(source, node, last, node.value.length));
      (parent.children as PhrasingContent[]).splice(index, 1, ...replacement);
      return [SKIP, index + replacement.length];
    });
  };
}

/**
 * Why an opening block tag found no closer at its level, when its closer is in the source after all: which line to
 * change. Markdown decides levels before tags are paired, so the cause is a blank line or an indent: a blank line
 * followed by a line indented less than the opener ends the list item the opener sits in.
 */
export function whyUnclosed(source: string, open: { name: string; position?: Position | undefined }): string | undefined {
  const from = open.position?.end.offset;
  const openLine = open.position?.start.line;
  if (from === undefined || openLine === undefined) return undefined;
  // The matching closer in the source text, nested openers of the same tag skipped.
  let depth = 0;
  let at = -1;
  for (const m of source.slice(from).matchAll(new RegExp(BLOCK_TAG.source, 'g'))) {
    if (m[2] !== open.name) continue;
    if (m[1] === undefined) depth++;
    else if (depth === 0) {
      at = from + m.index;
      break;
    } else depth--;
  }
  if (at < 0) return undefined;
  const lines = source.split('\n');
  const closeLine = source.slice(0, at).split('\n').length;
  const indent = (line: number): number => /^[ \t]*/.exec(lines[line - 1] ?? '')?.[0].replace(/\t/g, '    ').length ?? 0;
  const blank = (line: number): boolean => (lines[line - 1] ?? '').trim() === '' || /^[ \t>]*$/.test(lines[line - 1] ?? '');
  const openIndent = indent(openLine);
  const closer = `{% end${open.name} %} at line ${closeLine}`;
  for (let line = openLine + 1; line < closeLine; line++) {
    if (blank(line) && !blank(line + 1) && indent(line + 1) < openIndent) {
      return `the blank line at line ${line}, followed by a line indented less than the tag's ${openIndent} spaces, ends the list item the tag is in, so ${closer} is outside it; indent line ${line + 1} to ${openIndent} spaces (and the lines after it up to the closer), or remove the blank line`;
    }
  }
  if (indent(closeLine) !== openIndent) {
    return `${closer} is indented ${indent(closeLine)} spaces and the opening tag ${openIndent}, so they sit at different levels (inside and outside a list or quote); indent both alike`;
  }
  return `${closer} sits at another level (inside or outside a list or quote); write both tags at the same level`;
}
