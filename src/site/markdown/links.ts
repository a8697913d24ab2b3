/**
 * The link table: which notes and files exist and at which URL, as plain data, so the processor (possibly in a
 * worker thread) can resolve `[[wikilinks]]`, relative links to other notes and local images without touching
 * the site model. Resolution follows Obsidian: a path (from the content folder, from a vault opened above it, or
 * the end of a path), a file name or a title, case-insensitively.
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
  /**
   * A `[[target]]`, `{% post_link target %}` or a markdown link's path, as Obsidian resolves it: the path from the
   * content folder, the end of a note's path (`RNN`, `模型/RNN`), a path from a vault opened above the content
   * folder (`_posts/模型/RNN`, `source/_posts/模型/RNN.md`: `contentPath` says which folders are above), or the
   * title; case-insensitive, as written or percent-decoded (`My%20Note`).
   */
  note(target: string, contentPath?: string): LinkNote | undefined;
  /** A local file referenced from a note (relative path, or an Obsidian bare name): its content path. */
  file(src: string, fromRel: string): string | undefined;
  /** Public URL of a content file. */
  fileUrl(rel: string): string;
  /** A markdown link to a `.md` file from a note: relative to the note first, then as {@link LinkResolver.note}. */
  noteByPath(href: string, fromRel: string, contentPath?: string): LinkNote | undefined;
}

const norm = (s: string): string => s.normalize('NFC').toLowerCase();
const stripExt = (s: string): string => s.replace(/\.(md|markdown)$/i, '');
const decode = (s: string): string => {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
};
const decodeComponent = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The content folder as an absolute path (`/home/u/blog/source/_posts/`): a note's display path, made absolute,
 * without its path inside the content folder. Its last folders are the ones a vault opened above the content
 * folder writes in front of a note's path.
 *
 * Absolute because the display path is relative to the working directory: run from inside `source/_posts` it is
 * just `模型/RNN.md`, and the folders above (`source/_posts`) would be unknown, so `[[_posts/模型/RNN]]` would
 * resolve or warn depending on where the build was started (and the render cache, keyed without the working
 * directory, would hand one run's answer to the other).
 */
export function contentPathOf(display: string | undefined, rel: string | undefined): string {
  if (!display || !rel) return '';
  const d = path.resolve(display.split('\\').join('/'));
  return d.toLowerCase().endsWith(`/${rel.toLowerCase()}`) ? d.slice(0, d.length - rel.length) : '';
}

/** Builds the lookup maps. */
export function createLinkResolver(table: LinkTable): LinkResolver {
  const byKey = new Map<string, LinkNote>();
  const add = (key: string, n: LinkNote): void => {
    const k = norm(key);
    if (!byKey.has(k)) byKey.set(k, n);
  };
  // Most specific first: a full path wins over the end of a longer path (longest first), which wins over a file
  // name, which wins over a title.
  const byPath = new Map<string, LinkNote>();
  for (const n of table.notes) {
    if (!byPath.has(norm(stripExt(n.rel)))) byPath.set(norm(stripExt(n.rel)), n);
    add(stripExt(n.rel), n);
  }
  const segments = table.notes.map((n) => stripExt(n.rel).split('/'));
  const deepest = Math.max(0, ...segments.map((s) => s.length));
  for (let keep = deepest - 1; keep >= 1; keep--) {
    table.notes.forEach((n, i) => {
      const segs = segments[i] as string[];
      if (segs.length > keep) add(segs.slice(-keep).join('/'), n);
    });
  }
  for (const n of table.notes) add(n.title, n);

  /** A path written from a vault opened above the content folder: drop the folders that are above it. */
  const belowVaultRoot = (key: string, contentPath: string): LinkNote | undefined => {
    const segs = key.split('/');
    const above = norm(contentPath).split('/').filter((s) => s !== '' && s !== '.');
    for (let k = 1; k < segs.length && k <= above.length; k++) {
      if (segs.slice(0, k).every((s, j) => s === above[above.length - k + j])) {
        const hit = byPath.get(segs.slice(k).join('/'));
        if (hit) return hit;
      }
    }
    return undefined;
  };
  const findNote = (target: string, contentPath: string): LinkNote | undefined => {
    const written = target.trim();
    const decoded = decodeComponent(written);
    for (const t of decoded === written ? [written] : [written, decoded]) {
      const key = norm(stripExt(t.replace(/^(?:\.\/|\/)+/, '')));
      if (!key) continue;
      const hit = byKey.get(key) ?? belowVaultRoot(key, contentPath);
      if (hit) return hit;
    }
    return undefined;
  };
  const filesByPath = new Map(table.files.map((f) => [norm(f), f]));
  const filesByName = new Map<string, string>();
  for (const f of table.files) if (!filesByName.has(norm(path.basename(f)))) filesByName.set(norm(path.basename(f)), f);


  return {
    note: (target, contentPath = '') => findNote(target, contentPath),
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
    noteByPath(href, fromRel, contentPath = '') {
      const clean = decode(href.split(/[?#]/)[0] ?? '');
      const relative = path.normalize(path.join(path.dirname(fromRel), clean));
      // Obsidian writes markdown links relative to the note, from the vault's root or as the shortest unique path.
      const relKey = norm(stripExt(relative));
      return byPath.get(relKey) ?? findNote(clean, contentPath) ?? byKey.get(relKey);
    },
  };
}

/** True for URLs with a scheme or protocol-relative ones: left alone by the asset rewriter. */
export function isExternal(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}
