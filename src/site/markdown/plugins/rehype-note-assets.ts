/**
 * Local images and files beside a note are published with it: `src`/`href` pointing into the content folder are
 * rewritten to their public URL and recorded on `file.data.assets` for the build to copy; relative links to other
 * notes (`../cnn.md#pooling`, and as Obsidian writes them: from the vault's root, by bare file name, `%20` for
 * spaces) become links to their pages. Remote images get `loading="lazy"`.
 * A local reference that does not exist is a warning with its place.
 */
import type { Element, Root } from 'hast';
import { visit } from '../walk.js';
import type { VFile } from 'vfile';
import { contentPathOf, isExternal, type LinkResolver } from '../links.js';

declare module 'vfile' {
  interface DataMap {
    /** Path of the note inside the content folder (set by the processor for each file). */
    noteRel: string;
    /** Content files this note references, to be copied. */
    assets: string[];
  }
}

const ATTRS: Record<string, string[]> = {
  img: ['src'],
  a: ['href'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  iframe: [],
};

/** The plugin; see the file comment. */
export function rehypeNoteAssets(options: { links: LinkResolver }) {
  const { links } = options;
  return (tree: Root, file: VFile): void => {
    const from = file.data.noteRel ?? '';
    const contentPath = contentPathOf(file.path, from);
    const assets = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      const attrs = ATTRS[node.tagName];
      if (!attrs) return;
      if (node.tagName === 'img' || node.tagName === 'iframe') {
        const src = String(node.properties.src ?? '');
        if (isExternal(src)) {
          node.properties.loading ??= 'lazy';
          if (node.tagName === 'img') node.properties.decoding ??= 'async';
        }
      }
      for (const attr of attrs) {
        const value = node.properties[attr];
        if (typeof value !== 'string' || !value || isExternal(value) || value.startsWith('#')) continue;
        if (node.tagName === 'a' && /\.(md|markdown)(#.*)?$/i.test(value.split('?')[0] ?? '')) {
          const target = links.noteByPath(value, from, contentPath);
          if (target) {
            const hash = value.includes('#') ? value.slice(value.indexOf('#')) : '';
            node.properties[attr] = target.url + hash;
          } else {
            file.message(`link to a note that is not published: ${readable(value)}; no published note has this path (relative to this note or from the vault's root), file name or title`, {
              place: node.position,
              ruleId: 'link-missing-note',
              source: 'danlu',
            });
          }
          continue;
        }
        if (value.startsWith('/')) continue; // a site-absolute URL: the writer's own choice
        const rel = links.file(value, from);
        if (rel) {
          assets.add(rel);
          node.properties[attr] = links.fileUrl(rel);
        } else if (node.tagName !== 'a') {
          file.message(`local file not found: ${value}; put it next to the note (or anywhere in the content folder for an Obsidian-style bare name)`, {
            place: node.position,
            ruleId: 'asset-missing',
            source: 'danlu',
          });
        }
      }
    });
    file.data.assets = [...assets].sort();
  };
}

/** An href as its writer wrote it (`模型/RNN.md`, not `%E6%A8%A1…`): markdown percent-encodes link targets. */
function readable(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}
