/** `sitemap.xml` and `robots.txt`: small enough to write by hand, deterministic by construction. */
import { escapeHtml } from './html.js';

/** One sitemap entry. */
export interface SitemapEntry {
  /** Site-relative href (starting with the root). */
  url: string;
  /** ISO date of the last change, when known. */
  lastmod?: string;
}

/** Renders the sitemap for the given pages. */
export function renderSitemap(origin: string, entries: SitemapEntry[]): string {
  const rows = entries.map(
    (e) => `  <url><loc>${escapeHtml(origin + e.url)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${rows.join('\n')}\n</urlset>\n`;
}

/** `robots.txt` allowing everything and pointing at the sitemap. */
export function renderRobots(origin: string, root: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${origin}${root}sitemap.xml\n`;
}
