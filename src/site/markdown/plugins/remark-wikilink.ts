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
 * Where `raw` (found at `index` in the text node's value) is in the source. Exact when the node's source is
 * its value. Otherwise the value is aligned greedily with its source slice, which skips what parsing removed:
 * `> ` and list indents on continuation lines, backslashes of escapes, the tails of entities. If the
 * alignment fails (a numeric entity), the node's own position is returned (right about the line it starts on).
 */
export function locateInText(source: string, node: Text, index: number, raw: string): Position | undefined {
  const position = node.position;
  if (!position || position.start.offset === undefined || position.end.offset === undefined) return position;
  if (raw.length === 0) return undefined;
  const base = position.start.offset;
  const slice = source.slice(base, position.end.offset);
  let from = index;
  let to = index + raw.length;
  if (slice !== node.value) {
    const last = index + raw.length - 1;
    let j = 0;
    from = to = -1;
    for (let i = 0; i <= last && j < slice.length; j++) {
      if (node.value[i] !== slice[j]) continue;
      if (i === index) from = j;
      if (i === last) to = j + 1;
      i++;
    }
    if (from === -1 || to === -1) return position;
  }
  const start = pointAt(source, position.start, base + from);
  return { start, end: pointAt(source, start, base + to) };
}

/**
 * The `[from, to)` piece of a text node's value as a new text node, with its exact source position when the
 * source allows it (used to keep the text around a replaced match).
 */
export function textSlice(source: string, node: Text, from: number, to: number): Text {
  const text: Text = { type: 'text', value: node.value.slice(from, to) };
  const position = locateInText(source, node, from, text.value);
  if (position && position !== node.position) text.position = position;
  return text;
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
    visit(tree, (node: Nodes) => {
      if (node.type === 'link' || node.type === 'linkReference') return SKIP;
      if (!('children' in node) || !node.children.some((c) => c.type === 'text' && c.value.includes('[['))) return;
      const children = node.children as PhrasingContent[];
      for (let i = 0; i < children.length; i++) {
        const first = children[i]!;
        if (first.type !== 'text' || first.value.lastIndexOf('[[') <= first.value.lastIndexOf(']]')) continue;
        for (let j = i + 1; j < children.length; j++) {
          const last = children[j]!;
          if (!MERGEABLE.has(last.type)) break;
          if (last.type !== 'text' || !last.value.includes(']]')) continue;
          const from = first.position?.end.offset;
          const to = last.position?.start.offset;
          if (from === undefined || to === undefined) break;
          const between = source.slice(from, to);
          if (/[[\]\n]/.test(between)) break;
          const merged: Text = { type: 'text', value: first.value + between + last.value };
          if (first.position && last.position) merged.position = { start: first.position.start, end: last.position.end };
          children.splice(i, j - i + 1, merged);
          i--; // look at the merged node again: it may hold another split wikilink
          break;
        }
      }
    });

    visit(tree, (node: Nodes, index: number | undefined, parent: Parents | undefined) => {
      // Text inside an existing link must stay its label; images and code have no text children at all.
      if (node.type === 'link' || node.type === 'linkReference') return SKIP;
      if (node.type !== 'text' || !parent || index === undefined || !node.value.includes('[[')) return;
      const replacement: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(WIKILINK)) {
        const start = match.index;
        const raw = match[0];
        if (start > last) replacement.push(textSlice(source, node, last, start));
        replacement.push(build(match[1] === '!', match[2] ?? '', locateInText(source, node, start, raw), raw));
        last = start + raw.length;
      }
      if (replacement.length === 0) return;
      if (last < node.value.length) replacement.push(textSlice(source, node, last, node.value.length));
      (parent.children as PhrasingContent[]).splice(index, 1, ...replacement);
      return [SKIP, index + replacement.length];
    });
  };
}
