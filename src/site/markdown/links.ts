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
  /**
   * The note published at `url` (a finished href, as written or percent-decoded, without `?query` or
   * `#fragment`): for a pass over the output that asks which links reach a note, recorded like the others.
   */
  noteAtUrl(url: string): LinkNote | undefined;
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

/**
 * One lookup a note made while rendering and what it found (`null`: nothing), as a tuple to keep cache headers
 * small: `['n', target, contentPath, found]` for {@link LinkResolver.note}, `['p', href, fromRel, contentPath,
 * found]` for {@link LinkResolver.noteByPath}, `['f', src, fromRel, found]` for {@link LinkResolver.file},
 * `['u', rel, found]` for {@link LinkResolver.fileUrl} and `['a', url, found]` for {@link LinkResolver.noteAtUrl}. A note's rendering depends on other notes only through
 * these, so a cached rendering is still right exactly when each of them finds the same today; a name that found
 * nothing is recorded too, so the note that a dangling link now reaches renders again.
 */
export type LinkLookup =
  | readonly ['n', string, string, LinkNote | null]
  | readonly ['p', string, string, string, LinkNote | null]
  | readonly ['f', string, string, string | null]
  | readonly ['u', string, string]
  | readonly ['a', string, LinkNote | null];

/** Collects the lookups of one rendering at a time: {@link LookupRecorder.take} returns them and starts afresh. */
export interface LookupRecorder {
  take(): LinkLookup[];
}

/**
 * The recorder of each table, if any. The processor builds its own resolver from the table it is handed, so the
 * recorder is found through the table object rather than passed down the pipeline (whose plugins know nothing
 * of caching). Each thread renders one note at a time with one processor, so one recorder per table suffices.
 */
const recorders = new WeakMap<LinkTable, Map<string, LinkLookup>>();

/**
 * Starts recording every lookup made by resolvers built from `table` from now on (build them after this call).
 * Give each concurrent rendering loop its own table object (a shallow copy is enough).
 */
export function recordLookups(table: LinkTable): LookupRecorder {
  const seen = new Map<string, LinkLookup>();
  recorders.set(table, seen);
  return {
    take() {
      const out = [...seen.values()];
      seen.clear();
      return out;
    },
  };
}

const sameNote = (a: LinkNote | null | undefined, b: LinkNote | null | undefined): boolean =>
  (a ?? null) === (b ?? null) || (!!a && !!b && a.rel === b.rel && a.title === b.title && a.url === b.url);

/** Whether every lookup still finds what it found when it was recorded, against `links` (today's table). */
export function lookupsHold(lookups: readonly LinkLookup[], links: LinkResolver): boolean {
  for (const l of lookups) {
    switch (l[0]) {
      case 'n':
        if (!sameNote(links.note(l[1], l[2]), l[3])) return false;
        break;
      case 'p':
        if (!sameNote(links.noteByPath(l[1], l[2], l[3]), l[4])) return false;
        break;
      case 'f':
        if ((links.file(l[1], l[2]) ?? null) !== l[3]) return false;
        break;
      case 'u':
        if (links.fileUrl(l[1]) !== l[2]) return false;
        break;
      case 'a':
        if (!sameNote(links.noteAtUrl(l[1]), l[2])) return false;
        break;
      default:
        return false; // an entry from some other format: render again
    }
  }
  return true;
}

/** Builds the lookup maps; lookups are recorded when {@link recordLookups} was called for `table`. */
export function createLinkResolver(table: LinkTable): LinkResolver {
  const resolver = sharedResolverOf(table);
  const seen = recorders.get(table);
  if (!seen) return resolver;
  const note = (n: LinkNote | undefined): LinkNote | null => (n ? { rel: n.rel, title: n.title, url: n.url } : null);
  return {
    note(target, contentPath = '') {
      const hit = resolver.note(target, contentPath);
      seen.set(`n\0${target}\0${contentPath}`, ['n', target, contentPath, note(hit)]);
      return hit;
    },
    noteByPath(href, fromRel, contentPath = '') {
      const hit = resolver.noteByPath(href, fromRel, contentPath);
      seen.set(`p\0${href}\0${fromRel}\0${contentPath}`, ['p', href, fromRel, contentPath, note(hit)]);
      return hit;
    },
    file(src, fromRel) {
      const hit = resolver.file(src, fromRel);
      seen.set(`f\0${src}\0${fromRel}`, ['f', src, fromRel, hit ?? null]);
      return hit;
    },
    fileUrl(rel) {
      const url = resolver.fileUrl(rel);
      seen.set(`u\0${rel}`, ['u', rel, url]);
      return url;
    },
    noteAtUrl(url) {
      const hit = resolver.noteAtUrl(url);
      seen.set(`a\0${url}`, ['a', url, note(hit)]);
      return hit;
    },
  };
}

/** Resolvers built this process, by the table's arrays (a table is made once per build and never changed). */
const built = new WeakMap<readonly LinkNote[], { table: LinkTable; resolver: LinkResolver }>();

/**
 * The resolver of `table`'s notes and files, built once for every table with the same arrays: a build asks for
 * one to check its cache entries, and its processor and link plugin again (copies of the table, to record apart);
 * each build of 1000 notes' indices took ~4 ms.
 */
function sharedResolverOf(table: LinkTable): LinkResolver {
  const hit = built.get(table.notes);
  const same = hit && hit.table.files === table.files && hit.table.filesBase === table.filesBase && hit.table.fileUrls === table.fileUrls;
  if (same) return hit.resolver;
  const resolver = resolverOf(table);
  built.set(table.notes, { table, resolver });
  return resolver;
}

function resolverOf(table: LinkTable): LinkResolver {
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
  let byUrl: Map<string, LinkNote> | undefined;
  const atUrl = (url: string): LinkNote | undefined => {
    if (!byUrl) {
      byUrl = new Map();
      for (const n of table.notes) for (const u of [n.url, decode(n.url)]) if (!byUrl.has(u)) byUrl.set(u, n);
    }
    const at = url.search(/[?#]/);
    const bare = at < 0 ? url : url.slice(0, at);
    return byUrl.get(bare) ?? byUrl.get(decode(bare));
  };


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
    noteAtUrl: atUrl,
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
