/**
 * Links between notes, both ways, from what each rendering recorded (`NoteHtml.links`: the content paths of the
 * notes it links to). A note's backlinks are the notes and pages that link to it, in site order (newest note
 * first, hand-written pages after); its outgoing links carry the target's excerpt for the link previews.
 */
import type { NoteLink } from '../render/context.js';

/** A page that can link: its content path, where it is, and which content paths it links to. */
export interface LinkSource extends NoteLink {
  rel: string;
  links: readonly string[];
}

/** A link target as a preview shows it. */
export interface LinkTarget extends NoteLink {
  /** Plain text of the target's opening, for its preview. */
  excerpt: string;
}

/** Both directions of the link graph, by content path. */
export interface LinkGraph {
  /** Pages linking to each note, each once, in the order of `sources`. */
  backlinks: Map<string, NoteLink[]>;
  /** Each page's link targets that exist, in the order recorded. */
  outlinks: Map<string, LinkTarget[]>;
}

/**
 * Builds the graph. `targets` are the notes that can be linked (by content path); a recorded link to anything
 * else (a note left out of this build) is ignored.
 */
export function linkGraph(sources: readonly LinkSource[], targets: ReadonlyMap<string, LinkTarget>): LinkGraph {
  const backlinks = new Map<string, NoteLink[]>();
  const outlinks = new Map<string, LinkTarget[]>();
  for (const s of sources) {
    const out: LinkTarget[] = [];
    for (const rel of new Set(s.links)) {
      const target = targets.get(rel);
      if (!target || rel === s.rel) continue;
      out.push(target);
      let list = backlinks.get(rel);
      if (!list) backlinks.set(rel, (list = []));
      list.push({ title: s.title, url: s.url });
    }
    if (out.length) outlinks.set(s.rel, out);
  }
  return { backlinks, outlinks };
}

/** The first `max` characters of `text`, cut at a word or sentence end when one is near, with an ellipsis. */
export function excerptOf(text: string, max = 180): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('. '), cut.lastIndexOf('；'), cut.lastIndexOf(' '));
  return (end > max * 0.6 ? cut.slice(0, end + 1) : cut).trimEnd() + '…';
}
