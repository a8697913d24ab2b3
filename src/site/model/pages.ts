/**
 * Where pages written by hand go: a Hexo blog's `source/about/index.md` is `about/index.html`, `source/404.md` is
 * `404.html`, and a page's own `permalink:` wins, exactly as Hexo's page processor places them.
 */
import type { Note } from '../content/loader.js';
import type { PlannedPost } from './posts.js';
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

/** Places every page; pages are ordered by path so the output never depends on the file system. */
export function planPages(notes: Note[], root: string): PlannedPost[] {
  return notes
    .map((note) => {
      const path = pagePath(note);
      return { note, path, url: root + encodePath(path) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
