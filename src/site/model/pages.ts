/**
 * Where pages written by hand go: a Hexo blog's `source/about/index.md` is `about/index.html`, `source/404.md` is
 * `404.html`, and a page's own `permalink:` wins, exactly as Hexo's page processor places them.
 */
import type { Note } from '../content/loader.js';
import type { Message } from '../messages.js';
import type { PlannedPost } from './posts.js';
import { unsafePathReason } from './reserved-paths.js';
import { encodePath } from './slug.js';

/** The site path of a page: Hexo's output path, with `…/index.html` written as the folder `…/`. */
export function pagePath(note: Note): string {
  let out: string;
  if (note.meta.permalink) {
    out = note.meta.permalink.replace(/^\/+/, '');
    if (out.endsWith('/') || out === '') out += 'index';
    if (!/\.[^./]+$/.test(out)) out += '.html';
  } else out = note.rel.replace(/\.[^./]+$/, '') + '.html';
  return out === 'index.html' ? '' : out.endsWith('/index.html') ? out.slice(0, -'index.html'.length) : out;
}

/**
 * Files the build writes that no page may replace: the feed and the other extra files, the output marker, and the
 * copied theme and KaTeX assets. (List pages are not here: a page on one gives way to it, see `buildSiteModel`.)
 */
const GENERATED_FILES = new Set(['atom.xml', 'sitemap.xml', 'robots.txt', 'search.json', '.danlu-output']);
const GENERATED_FOLDERS = new Set(['assets', 'katex']);

/** The generated file a page's site path would replace, or undefined. */
function generatedFileOwner(sitePath: string): string | undefined {
  const file = (sitePath.endsWith('/') || sitePath === '' ? `${sitePath}index.html` : sitePath).toLowerCase();
  const first = file.split('/')[0] ?? '';
  if (GENERATED_FILES.has(file)) return `the generated /${file}`;
  return file.includes('/') && GENERATED_FOLDERS.has(first) ? `the copied assets in /${first}/` : undefined;
}

/**
 * Places every page; pages are ordered by path so the output never depends on the file system. A page whose
 * `permalink:` would leave the output folder, or that would replace the feed, another generated file or a copied
 * asset, is an error at that line in `messages` and is left out. (Unlike a
 * note, a page may take a generated page's place: `404.md` replaces `404.html`, see `buildSiteModel`.)
 */
export function planPages(notes: Note[], root: string, messages: Message[] = []): PlannedPost[] {
  const placed: PlannedPost[] = [];
  for (const note of notes) {
    const own = note.meta.permalink;
    const unsafe = own === undefined ? undefined : unsafePathReason(own);
    if (own !== undefined && unsafe) {
      const shown = JSON.stringify(own).slice(1, -1);
      messages.push({ file: note.display, line: note.meta.permalinkLine ?? 1, column: 1, severity: 'error', rule: 'permalink-unsafe', message: `\`permalink: ${shown}\` ${unsafe}; nothing of this page is written` });
      continue;
    }
    const path = pagePath(note);
    const taken = generatedFileOwner(path);
    if (taken) {
      messages.push({ file: note.display, line: note.meta.permalinkLine ?? 1, column: 1, severity: 'error', rule: 'permalink-reserved', message: `this page would go to /${path} and replace ${taken}; give it a \`permalink:\` elsewhere (a \`404.md\` may replace /404.html)` });
      continue;
    }
    placed.push({ note, path, url: root + encodePath(path) });
  }
  return placed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
