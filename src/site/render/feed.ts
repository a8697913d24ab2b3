/**
 * Atom feed with full content, through the `feed` package (well-kept, escapes and formats Atom correctly). Dates
 * come from the notes, never from the clock, so two builds of the same notes give the same bytes.
 */
import { Feed } from 'feed';
import type { Post, SiteInfo } from './context.js';

/** Renders `atom.xml` for the newest `limit` posts. */
export function renderAtomFeed(site: SiteInfo, posts: Post[], latest: Date | undefined, limit: number): string {
  const origin = new URL(site.url).origin;
  const abs = (u: string): string => origin + u;
  const home = abs(site.root);
  const feed = new Feed({
    title: site.title,
    description: site.description || site.subtitle || undefined,
    id: home,
    link: home,
    language: site.language,
    updated: latest ?? new Date(0),
    generator: 'danlu',
    feedLinks: { atom: abs(`${site.root}atom.xml`) },
    author: site.author ? { name: site.author } : undefined,
    copyright: site.author ? `© ${site.author}` : '',
  });
  for (const p of posts.slice(0, limit)) {
    feed.addItem({
      title: p.title,
      id: abs(p.url),
      link: abs(p.url),
      date: new Date(p.updated?.iso ?? p.date.iso),
      published: new Date(p.date.iso),
      description: p.description,
      content: absolutize(p.html.value, origin),
      category: p.tags.map((t) => ({ name: t.name, term: t.name })),
    });
  }
  return feed.atom1();
}

/** Feed readers resolve nothing against the page: make site-absolute `src`/`href` absolute. */
function absolutize(html: string, origin: string): string {
  return html.replace(/(\s(?:src|href)=")\/(?!\/)/g, `$1${origin}/`);
}
