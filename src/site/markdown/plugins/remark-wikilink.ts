/**
 * Obsidian wikilinks and embeds: `[[Note]]`, `[[Note|label]]`, `[[Note#Heading]]`, `[[#Heading]]`,
 * `![[image.png]]`, `![[image.png|300]]`, `![[Other note]]`.
 *
 * Written by hand rather than taken from npm: the wikilink plugins there (`remark-wiki-link`,
 * `@flowershow/remark-wiki-link`, `@portaljs/remark-wiki-link`) resolve against a fixed list of permalinks, build
 * their own HTML, report nothing for a broken link and treat `![[…]]` in their own way; we need the site's
 * resolver, heading slugs from the same slugger as the TOC, a located warning per broken link and mdast
 * `image` nodes that the asset stage can copy. After parsing, `[[…]]` is plain text (it matches no link
 * definition), and text nodes never occur inside code, inline code or math, so a transform over text nodes
 * cannot touch those; links are skipped explicitly. A name that markdown read as emphasis (`[[__init__]]`) is
 * first merged back into one text node from its source.
 */
import type { Image, Link, Nodes, Parents, PhrasingContent, Root, Text } from 'mdast';
// hName/hProperties on mdast nodes (declared by mdast-util-to-hast, which remark-rehype brings).
import type {} from 'remark-rehype';
import type { Point, Position } from 'unist';
import { SKIP, visit } from '../walk.js';
import type { VFile } from 'vfile';
import { applyImageSize, fileNameOf, parseSizeSuffix } from './remark-image-size.js';

/** What the site knows about a note a wikilink points at. */
export interface WikilinkTarget {
  /** URL of the note's page. */
  url: string;
  /** The note's title (used as the link's tooltip when the label differs). */
  title: string;
}

/** Options of {@link remarkWikilink}. */
export interface WikilinkOptions {
  /**
   * Find a note by what was written between `[[` and `]]` (path, file name or title, `.md` already removed), for
   * the note being rendered (`file`: where it lives decides which vault-root paths reach the content folder).
   */
  resolve(target: string, file: VFile): WikilinkTarget | undefined;
  /** The anchor id of a heading, from the same slugger the heading ids are made with. */
  slug(heading: string): string;
}

// One wikilink: optional `!` (embed), then `[[…]]` with no brackets or line break inside.
const WIKILINK = /(!?)\[\[([^[\]\n]+?)\]\]/g;
// Inline nodes that markdown may have made out of the characters of a note name.
const MERGEABLE = new Set(['text', 'emphasis', 'strong', 'delete', 'highlight', 'inlineCode']);
const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp|apng|ico|tiff?)$/i;
// Attachments Obsidian links to as files (not notes): link them for the asset stage to copy. A closed list, so
// that a note named `Python 3.10` is still looked up as a note.
const OTHER_FILE = /\.(?:pdf|zip|7z|gz|tar|rar|mp3|wav|ogg|m4a|flac|mp4|webm|mov|mkv|csv|tsv|txt|json|ya?ml|ipynb|py|pt|pth|onnx|docx?|xlsx?|pptx?|html?)$/i;

/**
 * The source point `offset` characters into the file, counted from a known point `from` before it. Used to
 * give messages and split nodes exact line:column positions.
 */
export function pointAt(source: string, from: Point, offset: number): Point {
  let { line, column } = from;
  for (let i = from.offset ?? offset; i < offset; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column, offset };
}

/**
 * Where pieces of one text node's value are in the source, for a run of queries from left to right: each query
 * continues from where the last one stopped, so placing all the wikilinks of a node costs time linear in its
 * length (placing each from the node's start made 20,000 links on one line quadratic: 5 s; BENCHMARKS.md). A
 * query left of the last one starts again from the node's start; the answers are the same either way.
 */
export class TextLocator {
  private readonly exact: boolean;
  private readonly slice: string;
  private readonly base: number;
  /** A known point at or before the next query's start (the node's start at first). */
  private cursor: Point | undefined;
  /** The greedy alignment so far: value index `ai` is next to place, from slice index `aj`. */
  private ai = 0;
  private aj = 0;
  /** Slice index of each value index placed so far, while aligning (only when not exact). */
  private readonly placed: number[] = [];

  constructor(
    private readonly source: string,
    private readonly node: Text,
  ) {
    const position = node.position;
    this.base = position?.start.offset ?? 0;
    this.slice = position && position.end.offset !== undefined ? source.slice(this.base, position.end.offset) : '';
    this.exact = this.slice === node.value;
    this.cursor = position?.start;
  }

  /**
   * Where `raw` (found at `index` in the node's value) is in the source. Exact when the node's source is its
   * value. Otherwise the value is aligned greedily with its source slice, which skips what parsing removed: `> `
   * and list indents on continuation lines, backslashes of escapes, the tails of entities. If the alignment fails
   * (a numeric entity), the node's own position is returned (right about the line it starts on).
   */
  locate(index: number, raw: string): Position | undefined {
    const position = this.node.position;
    if (!position || position.start.offset === undefined || position.end.offset === undefined) return position;
    if (raw.length === 0) return undefined;
    let from = index;
    let to = index + raw.length;
    if (!this.exact) {
      const a = this.sliceIndex(index);
      const b = this.sliceIndex(index + raw.length - 1);
      if (a < 0 || b < 0) return position;
      from = a;
      to = b + 1;
    }
    let known = this.cursor ?? position.start;
    if ((known.offset ?? 0) > this.base + from) known = position.start;
    const start = pointAt(this.source, known, this.base + from);
    const end = pointAt(this.source, start, this.base + to);
    this.cursor = start;
    return { start, end };
  }

  /** The `[from, to)` piece of the node's value as a new text node, with its source position when known. */
  piece(from: number, to: number): Text {
    const text: Text = { type: 'text', value: this.node.value.slice(from, to) };
    const position = this.locate(from, text.value);
    if (position && position !== this.node.position) text.position = position;
    return text;
  }

  /** Slice index the greedy alignment gives value index `i`, or -1 when it runs out of slice first. */
  private sliceIndex(i: number): number {
    const value = this.node.value;
    while (this.ai <= i && this.aj < this.slice.length) {
      if (value[this.ai] === this.slice[this.aj]) {
        this.placed[this.ai] = this.aj;
        this.ai++;
      }
      this.aj++;
    }
    return i < this.ai ? (this.placed[i] ?? -1) : -1;
  }
}

/** Where `raw` (found at `index` in the text node's value) is in the source: one {@link TextLocator} query. */
export function locateInText(source: string, node: Text, index: number, raw: string): Position | undefined {
  return new TextLocator(source, node).locate(index, raw);
}

/**
 * The `[from, to)` piece of a text node's value as a new text node, with its exact source position when the
 * alignment finds it (see {@link TextLocator}).
 */
export function textSlice(source: string, node: Text, from: number, to: number): Text {
  return new TextLocator(source, node).piece(from, to);
}

function unresolvedText(label: string, position: Position | undefined): Text {
  const node: Text = {
    type: 'text',
    value: label,
    data: { hName: 'span', hProperties: { className: ['wikilink', 'wikilink-unresolved'] } },
  };
  if (position) node.position = position;
  return node;
}

/**
 * Unified plugin: turn wikilinks into links (via `resolve` and `slug`) and `![[image]]` embeds into images.
 * Unknown notes warn with ruleId `wikilink-unresolved` and stay visible as `<span class="wikilink
 * wikilink-unresolved">`; a note embed (`![[Other note]]`, transclusion) becomes a link and warns with ruleId
 * `wikilink-embed-note`.
 */
export function remarkWikilink(options: WikilinkOptions) {
  return (tree: Root, file: VFile): void => {
    const source = String(file.value ?? '');
    if (source && !source.includes('[[')) return; // cheap exit for the many notes without wikilinks

    const build = (embed: boolean, inner: string, position: Position | undefined, raw: string): PhrasingContent => {
      const warn = (reason: string, ruleId: string) => {
        const message = file.message(reason, { place: position, ruleId, source: 'danlu' });
        message.fatal = false;
      };

      if (embed && IMAGE_FILE.test((inner.split('|', 1)[0] ?? '').trim())) {
        // `![[img.png]]`, `![[img.png|300]]`, `![[img.png|alt text]]`, `![[img.png|alt|300x200]]`.
        const sized = parseSizeSuffix(inner);
        const [target = '', ...altParts] = (sized ? sized.text : inner).split('|');
        const url = target.trim();
        const image: Image = { type: 'image', url, alt: altParts.join('|').trim() || fileNameOf(url) };
        if (sized) applyImageSize(image, sized.size);
        if (position) image.position = position;
        return image;
      }

      const pipe = inner.indexOf('|');
      const linkPart = (pipe === -1 ? inner : inner.slice(0, pipe)).trim();
      const label = pipe === -1 ? undefined : inner.slice(pipe + 1).trim() || undefined;
      const hash = linkPart.indexOf('#');
      const note = (hash === -1 ? linkPart : linkPart.slice(0, hash)).trim().replace(/\.md$/i, '');
      // `Note#A#B` names the nested heading B (Obsidian's heading path); `#^block` ids have no anchor here.
      const headingPath = hash === -1 ? '' : linkPart.slice(hash + 1);
      const heading = (headingPath.split('#').pop() ?? '').trim();
      const anchor = heading && !heading.startsWith('^') ? `#${options.slug(heading)}` : '';

      let url: string;
      let title: string | undefined;
      const found = note === '' ? undefined : options.resolve(note, file);
      if (note === '') {
        url = anchor || '#';
      } else if (!found && OTHER_FILE.test(note)) {
        url = note; // a local file (pdf, zip…): the asset stage copies it like a markdown link
      } else {
        if (!found) {
          warn(
            `${embed ? 'Embedded note' : 'Wikilink'} ${raw} points to no published note named “${note}”: check the ` +
              `target against the note's file name (without .md), path or title, or create the note (a note with ` +
              `\`published: false\` or in an excluded folder cannot be linked to)`,
            'wikilink-unresolved',
          );
          return unresolvedText(label ?? (heading ? `${note} > ${heading}` : note), position);
        }
        url = found.url + anchor;
        title = found.title;
        if (embed) {
          warn(
            `${raw} embeds the note “${note}”, but embedding one note in another (transclusion) is not ` +
              `supported: it is rendered as a link; write [[${inner}]] to make that explicit, or copy the text`,
            'wikilink-embed-note',
          );
        }
      }

      const text = label ?? (note === '' ? heading : heading ? `${note} > ${heading}` : note);
      const link: Link = {
        type: 'link',
        url,
        title: title !== undefined && title !== text ? title : null,
        children: [{ type: 'text', value: text }],
        data: { hProperties: { className: ['wikilink'] } },
      };
      if (position) {
        link.position = position;
        link.children[0]!.position = position;
      }
      return link;
    };

    // A name like `__init__` or `a *b* c` was read as emphasis, splitting `[[…]]` over several nodes. Obsidian
    // takes the name literally, so such a run is merged back into one text node from its source text.
    // Each parent's children are rebuilt once, not spliced per merge or per link: a splice moves every later
    // sibling, and a paragraph of 20,000 links among emphasis made that quadratic (BENCHMARKS.md).
    visit(tree, (node: Nodes) => {
      if (node.type === 'link' || node.type === 'linkReference') return SKIP;
      if (!('children' in node) || !node.children.some((c) => c.type === 'text' && c.value.includes('[['))) return;
      const children = node.children as PhrasingContent[];
      const out: PhrasingContent[] = [];
      let i = 0;
      let candidate = children[0];
      while (candidate !== undefined) {
        let next = i + 1;
        if (candidate.type === 'text' && candidate.value.lastIndexOf('[[') > candidate.value.lastIndexOf(']]')) {
          const first: Text = candidate;
          const from = first.position?.end.offset;
          for (let j = i + 1; j < children.length && from !== undefined; j++) {
            const last = children[j]!;
            if (!MERGEABLE.has(last.type)) break;
            if (last.type === 'text' && last.value.includes(']]')) {
              const to = last.position?.start.offset;
              if (to === undefined) break;
              const between = source.slice(from, to);
              if (/[[\]\n]/.test(between)) break;
              const merged: Text = { type: 'text', value: first.value + between + last.value };
              if (first.position && last.position) merged.position = { start: first.position.start, end: last.position.end };
              // Look at the merged node again: it may hold another split wikilink. What ends at its last `]]` is
              // done and goes out now, so a run of many split links is not copied into one growing string.
              const close = merged.value.lastIndexOf(']]');
              if (close >= 0 && merged.value.lastIndexOf('[[') > close) {
                const locator = new TextLocator(source, merged);
                out.push(locator.piece(0, close + 2));
                candidate = locator.piece(close + 2, merged.value.length);
              } else candidate = merged;
              i = j;
              next = -1;
              break;
            }
            // Any later end would have this node's source between: a bracket or line break in it rules them out.
            const end = last.position?.end.offset;
            if (end !== undefined && /[[\]\n]/.test(source.slice(from, end))) break;
          }
        }
        if (next < 0) continue;
        out.push(candidate);
        i = next;
        candidate = children[i];
      }
      if (out.length !== children.length) (node as Parents).children = out as typeof node.children;
    });

    visit(tree, (node: Nodes) => {
      // Text inside an existing link must stay its label; images and code have no text children at all.
      if (node.type === 'link' || node.type === 'linkReference') return SKIP;
      if (!('children' in node) || !node.children.some((c) => c.type === 'text' && c.value.includes('[['))) return;
      const out: PhrasingContent[] = [];
      let changed = false;
      for (const child of node.children as PhrasingContent[]) {
        if (child.type !== 'text' || !child.value.includes('[[')) {
          out.push(child);
          continue;
        }
        const locator = new TextLocator(source, child);
        const before = out.length;
        let last = 0;
        for (const match of child.value.matchAll(WIKILINK)) {
          const start = match.index;
          const raw = match[0];
          if (start > last) out.push(locator.piece(last, start));
          out.push(build(match[1] === '!', match[2] ?? '', locator.locate(start, raw), raw));
          last = start + raw.length;
        }
        if (out.length === before) {
          out.push(child);
          continue;
        }
        changed = true;
        if (last < child.value.length) out.push(locator.piece(last, child.value.length));
      }
      if (changed) (node as Parents).children = out as typeof node.children;
    });
  };
}
