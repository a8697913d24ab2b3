/**
 * Plans where every note goes before anything is rendered: published notes, their permalinks (duplicates are
 * errors on both notes) and the link table the markdown processor resolves `[[wikilinks]]` against.
 */
import type { Note } from '../content/loader.js';
import type { SiteConfig } from '../config.js';
import type { LinkTable } from '../markdown/links.js';
import type { Message } from '../messages.js';
import { LongNameCheck } from './long-names.js';
import { expandPermalink, normalizePermalink } from './permalink.js';
import { outputFileOf, RESERVED_TOP_LEVEL, reservedPathOwner, unsafePathReason } from './reserved-paths.js';
import { encodePath } from './slug.js';

/** A note with its place on the site. */
export interface PlannedPost {
  note: Note;
  /** Site path without the root, e.g. `2023/07/02/cnn/` (directory) or `about.html`. */
  path: string;
  /** Href of the page: root + percent-encoded path. */
  url: string;
}

/** Where published content files go, under the site root. */
export const FILES_DIR = 'files/';

/** Orders notes newest first; ties by path so the order never depends on the file system. */
export function byDateDesc(a: { note: Note }, b: { note: Note }): number {
  return b.note.meta.date.getTime() - a.note.meta.date.getTime() || (a.note.rel < b.note.rel ? -1 : a.note.rel > b.note.rel ? 1 : 0);
}

/**
 * Assigns permalinks; drafts are left out unless `drafts` is set (the dev server shows them). A note whose path
 * would leave the output folder, replace a generated page, or land on another note's file is an error at its
 * `permalink:` line (line 1 without one) and is left out, so nothing of it is written.
 */
export function planPosts(notes: Note[], config: SiteConfig, root: string, drafts = false): { posts: PlannedPost[]; messages: Message[] } {
  const messages: Message[] = [];
  const posts: PlannedPost[] = [];
  const seen = new Map<string, PlannedPost>();
  const long = new LongNameCheck(config);
  const refuse = (note: Note, rule: string, message: string): void => {
    messages.push({ file: note.display, line: note.meta.permalinkLine ?? 1, column: 1, severity: 'error', rule, message });
  };
  for (const note of notes) {
    if (note.meta.draft && !drafts) continue;
    const own = note.meta.permalink;
    const unsafe = own === undefined ? undefined : unsafePathReason(own);
    if (own !== undefined && unsafe) {
      refuse(note, 'permalink-unsafe', `\`permalink: ${printable(own)}\` ${unsafe}; nothing of this note is written`);
      continue;
    }
    const fullPath = own
      ? normalizePermalink(own)
      : expandPermalink(config.permalink, {
          rel: note.rel,
          title: note.meta.title,
          date: note.meta.date,
          timezone: config.timezone,
          // Hexo's `:category` is the last category of the note (with its parents).
          category: note.meta.categories[note.meta.categories.length - 1] ?? [],
          slugRules: config,
          newPostName: config.newPostName,
          defaultCategory: config.defaultCategory,
        });
    const path = long.fit(note, fullPath, own !== undefined && own !== '');
    const reserved = reservedPathOwner(path);
    if (reserved) {
      const what = own ? `\`permalink: ${printable(own)}\`` : `its path /${path} (from the site's permalink pattern)`;
      refuse(note, 'permalink-reserved', `${what} would replace ${reserved}; choose a \`permalink:\` outside ${[...RESERVED_TOP_LEVEL].map((n) => `/${n}`).join(', ')}`);
      continue;
    }
    const post: PlannedPost = { note, path, url: root + encodePath(path) };
    const key = outputFileOf(path);
    const other = seen.get(key);
    if (other) {
      for (const [a, b] of [[note, other.note], [other.note, note]] as const) {
        refuse(a, 'permalink-duplicate', `this note and ${b.display} both go to /${path}; give one of them a different \`permalink:\` (or file name)`);
      }
      // Neither note is published: which one would win depends on nothing the writer chose.
      const first = posts.indexOf(other);
      if (first >= 0) posts.splice(first, 1);
      continue;
    }
    seen.set(key, post);
    posts.push(post);
  }
  posts.sort(byDateDesc);
  messages.push(...long.messages);
  return { posts, messages };
}

/** A permalink as it can be printed on one line (control characters shown as escapes). */
function printable(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Where each content file is published, by its path inside the content folder, when not under `files/`: with
 * Hexo's `post_asset_folder`, the files in a post's asset folder (`post.md` → `post/`) sit beside the post's page
 * (`2023/07/02/post/a.png`), and Hexo publishes all of them, linked or not.
 */
export function postAssetPaths(posts: PlannedPost[], files: string[], postAssetFolder: boolean): Map<string, string> {
  const out = new Map<string, string>();
  if (!postAssetFolder) return out;
  const byDir = new Map<string, PlannedPost>();
  for (const p of posts) if (p.path.endsWith('/')) byDir.set(p.note.rel.replace(/\.[^./]+$/, '') + '/', p);
  for (const f of files) {
    for (let cut = f.lastIndexOf('/'); cut > 0; cut = f.lastIndexOf('/', cut - 1)) {
      const post = byDir.get(f.slice(0, cut + 1));
      if (post) {
        out.set(f, post.path + f.slice(cut + 1));
        break;
      }
    }
  }
  return out;
}

/** The processor's view of the site: which notes and files exist at which URL. */
export function linkTable(posts: PlannedPost[], files: string[], root: string, assetPaths: Map<string, string> = new Map()): LinkTable {
  return {
    notes: posts.map((p) => ({ rel: p.note.rel, title: p.note.meta.title, url: p.url })),
    files,
    filesBase: root + FILES_DIR,
    ...(assetPaths.size ? { fileUrls: Object.fromEntries([...assetPaths].map(([rel, p]) => [rel, root + encodePath(p)])) } : {}),
  };
}
