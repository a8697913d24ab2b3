/** `sitemap.xml` (every page a search engine should list) and `robots.txt` (which points at it). */
import { renderRobots, renderSitemap } from '../render/sitemap.js';
import type { Emitter } from './emitter.js';

/** The sitemap and robots.txt. */
export const sitemapEmitter: Emitter = {
  name: 'sitemap',
  *emit({ site, model, config }) {
    const origin = new URL(config.url).origin;
    yield {
      path: 'sitemap.xml',
      yields: true,
      content: () =>
        renderSitemap(
          origin,
          model.routes
            .filter((r) => r.page.layout !== 'not-found' && r.page.layout !== 'search' && r.file !== '404.html')
            .map((r) => ({ url: r.url, lastmod: r.page.layout === 'post' ? (r.page.post.updated ?? r.page.post.date).iso : undefined })),
        ),
    };
    yield { path: 'robots.txt', yields: true, content: () => renderRobots(origin, site.root) };
  },
};
