/**
 * Obsidian image sizes: `![alt|666](url)` → width 666, `![alt|300x200](url)` → width 300 and height 200.
 *
 * Written by hand: the whole job is one regex on `alt` (no npm plugin does Obsidian's `|size` suffix on
 * CommonMark images without also taking over wikilinks). The `|…` is removed from the alt text and the rest is
 * kept: Obsidian users usually leave the file name there (`image.png|666`), and a file name still beats an
 * empty alt, which would hide the image from screen readers. If nothing is left (`![|300](a.png)`), the file
 * name from the URL is used for the same reason.
 */
import type { Image, ImageReference, Root } from 'mdast';
// hName/hProperties on mdast nodes (declared by mdast-util-to-hast, which remark-rehype brings).
import type {} from 'remark-rehype';
import { visit } from '../walk.js';
import type { VFile } from 'vfile';

/** A size parsed from Obsidian's `|W` or `|WxH` suffix. */
export interface ImageSize {
  width: number;
  height?: number;
}

// `|666`, `|300x200` (Obsidian also accepts `X` and spaces around the separator). Anything else after a
// pipe (`|caption`) is not a size and is left alone.
const SIZE_SUFFIX = /^(.*?)\s*\|\s*(\d{1,5})(?:\s*[xX×]\s*(\d{1,5}))?\s*$/s;

/**
 * Split `text|W` / `text|WxH` into the text before the pipe and the size; `undefined` if there is no size
 * suffix. Shared with remarkWikilink, which applies the same sizes to `![[image.png|300]]` embeds.
 */
export function parseSizeSuffix(text: string): { text: string; size: ImageSize } | undefined {
  const match = SIZE_SUFFIX.exec(text);
  if (!match || match[2] === undefined) return undefined;
  const width = Number(match[2]);
  if (width === 0) return undefined;
  const size: ImageSize = { width };
  if (match[3] !== undefined && Number(match[3]) > 0) size.height = Number(match[3]);
  return { text: (match[1] ?? '').trim(), size };
}

/** The last path segment of a URL, decoded, without query or hash: a readable stand-in for a missing alt. */
export function fileNameOf(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Put the size on an image node as HTML attributes (kept by remark-rehype as `width`/`height`). */
export function applyImageSize(node: Image | ImageReference, size: ImageSize): void {
  const hProperties: Record<string, number> = { width: size.width };
  if (size.height !== undefined) hProperties['height'] = size.height;
  node.data = { ...node.data, hProperties: { ...node.data?.hProperties, ...hProperties } };
}

/** Unified plugin: read Obsidian's `|size` suffix from image alt text into `width`/`height` attributes. */
export function remarkImageSize() {
  return (tree: Root, file: VFile): void => {
    // A size suffix needs a `|` somewhere: without one, skip walking the tree.
    if (!String(file.value).includes('|')) return;
    visit(tree, (node) => {
      if (node.type !== 'image' && node.type !== 'imageReference') return;
      const parsed = parseSizeSuffix(node.alt ?? '');
      if (!parsed) return;
      const fallback = node.type === 'image' ? fileNameOf(node.url) : '';
      node.alt = parsed.text || fallback;
      applyImageSize(node, parsed.size);
    });
  };
}
