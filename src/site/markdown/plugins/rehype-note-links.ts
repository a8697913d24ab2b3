/**
 * Records which other notes a note links to (`file.data.links`, their paths inside the content folder) and how
 * many footnote references it has (`file.data.footnotes`). The site model turns the first into backlinks and
 * link previews; the theme loads its preview script only on a page that has either.
 *
 * Read from the finished `<a href>`s rather than from each link syntax (wikilinks, `post_link`, markdown links
 * to `.md` files, raw HTML): every form that resolved to a note ends as an href equal to that note's URL, so one
 * pass sees them all and no resolver needs to know about this record.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { createLinkResolver, type LinkTable } from '../links.js';
import { visit } from '../walk.js';

declare module 'vfile' {
  interface DataMap {
    /** Paths (inside the content folder) of the other notes this note links to, each once, sorted. */
    links: string[];
    /** Footnote references in the note. */
    footnotes: number;
  }
}

/**
 * The plugin: `links` is the build's link table. Hrefs are matched through its resolver's `noteAtUrl`, so the
 * render cache records each match (and each miss): a note whose raw `<a href="/…/">` reaches a note created,
 * moved or deleted later renders again, as one whose wikilink does.
 */
export function rehypeNoteLinks(options: { links: LinkTable }) {
  const links = createLinkResolver(options.links);
  return (tree: Root, file: VFile): void => {
    const own = file.data.noteRel;
    const found = new Set<string>();
    let footnotes = 0;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a') return;
      if (node.properties.dataFootnoteRef !== undefined) footnotes++;
      const href = node.properties.href;
      // A note's URL is a path from the site's root: anchors, relative and external hrefs never are one.
      if (typeof href !== 'string' || !href.startsWith('/') || href.startsWith('//')) return;
      const rel = links.noteAtUrl(href)?.rel;
      if (rel !== undefined && rel !== own) found.add(rel);
    });
    file.data.links = [...found].sort();
    file.data.footnotes = footnotes;
  };
}
