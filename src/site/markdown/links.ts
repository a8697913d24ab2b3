/**
 * The link table: which notes and files exist and at which URL, as plain data, so the processor (possibly in a
 * worker thread) can resolve `[[wikilinks]]`, relative links to other notes and local images without touching
 * the site model. Resolution follows Obsidian: a path, a file name or a title, case-insensitively.
 */
import path from 'node:path/posix';

/** One note's link targets. */
export interface LinkNote {
  rel: string;
  title: string;
  url: string;
}

/** Plain-data table handed to the processor. */
export interface LinkTable {
  notes: LinkNote[];
  /** Non-markdown files in the content folder, by path inside it. */
  files: string[];
  /** URL prefix under which content files are published, e.g. `/files/`. */
  filesBase: string;
  /**
   * Hrefs of files published elsewhere than under `filesBase`, by path inside the content folder: a Hexo blog with
   * `post_asset_folder` publishes `post/a.png` beside the post's page, as Hexo does.
   */
  fileUrls?: Record<string, string>;
}

/** Lookup functions over a {@link LinkTable}, built once per table. */
export interface LinkResolver {
  /** A `[[target]]`: note path, file name or title. */
  note(target: string): LinkNote | undefined;
  /** A local file referenced from a note (relative path, or an Obsidian bare name): its content path. */
  file(src: string, fromRel: string): string | undefined;
  /** Public URL of a content file. */
  fileUrl(rel: string): string;
  /** A relative link to a `.md` file from a note. */
  noteByPath(href: string, fromRel: string): LinkNote | undefined;
}

const norm = (s: string): string => s.normalize('NFC').toLowerCase();
const stripExt = (s: string): string => s.replace(/\.(md|markdown)$/i, '');

/** Builds the lookup maps. */
export function createLinkResolver(table: LinkTable): LinkResolver {
  const byKey = new Map<string, LinkNote>();
  const add = (key: string, n: LinkNote): void => {
    const k = norm(key);
    if (!byKey.has(k)) byKey.set(k, n);
  };
  // Most specific first: full path wins over a file name, which wins over a title.
  for (const n of table.notes) add(stripExt(n.rel), n);
  for (const n of table.notes) add(path.basename(stripExt(n.rel)), n);
  for (const n of table.notes) add(n.title, n);
  const filesByPath = new Map(table.files.map((f) => [norm(f), f]));
  const filesByName = new Map<string, string>();
  for (const f of table.files) if (!filesByName.has(norm(path.basename(f)))) filesByName.set(norm(path.basename(f)), f);

  const decode = (s: string): string => {
    try {
      return decodeURI(s);
    } catch {
      return s;
    }
  };
  return {
    note: (target) => byKey.get(norm(stripExt(target.trim()))),
    file(src, fromRel) {
      const clean = decode(src.split(/[?#]/)[0] ?? '');
      if (!clean) return undefined;
      const dir = path.dirname(fromRel);
      const candidates = [
        path.normalize(path.join(dir, clean)),
        // Hexo's post_asset_folder: `a.png` in a note `post.md` lives in `post/a.png`.
        path.normalize(path.join(dir, stripExt(path.basename(fromRel)), clean)),
        path.normalize(clean.replace(/^\/+/, '')),
      ];
      for (const c of candidates) {
        const hit = filesByPath.get(norm(c));
        if (hit) return hit;
      }
      // Obsidian resolves a bare name anywhere in the vault.
      return filesByName.get(norm(path.basename(clean)));
    },
    fileUrl: (rel) => table.fileUrls?.[rel] ?? table.filesBase + rel.split('/').map(encodeURIComponent).join('/'),
    noteByPath(href, fromRel) {
      const clean = decode(href.split(/[?#]/)[0] ?? '');
      const target = path.normalize(path.join(path.dirname(fromRel), clean));
      return byKey.get(norm(stripExt(target)));
    },
  };
}

/** True for URLs with a scheme or protocol-relative ones: left alone by the asset rewriter. */
export function isExternal(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}
