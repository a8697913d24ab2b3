/** Every route of the site model (notes, pages, lists, tags, archives, search, 404) rendered through the theme. */
import { contextDigester } from '../build/page-record.js';
import { htmlPieces } from '../render/html.js';
import type { RenderContext } from '../render/context.js';
import type { Emitted, Emitter } from './emitter.js';

/** The site's HTML pages. */
export const pagesEmitter: Emitter = {
  name: 'pages',
  *emit({ site, theme, themeKey, model, modulesOf }): Iterable<Emitted> {
    const t = theme.strings[site.language];
    const nav = [
      { title: t.home, url: site.root },
      { title: t.archives, url: `${site.root}archives/` },
      { title: t.categories, url: `${site.root}categories/` },
      { title: t.tags, url: `${site.root}tags/` },
      { title: t.search, url: `${site.root}search/` },
    ];
    const styles = theme.styles.map((s) => site.root + s);
    const scripts = theme.scripts.map((s) => site.root + s);
    const katexCss = `${site.root}katex/katex.min.css`;
    const digest = contextDigester(themeKey, model.termCounts);
    const buildYear = model.latest ? new Date(model.latest).getUTCFullYear() : 1970;
    for (const route of model.routes) {
      const hasMath = route.page.layout === 'post' && route.page.post.hasMath;
      // A note or hand-written page with a demo; list pages showing its excerpt get the static figure only.
      const modules = route.page.layout === 'post' || route.page.layout === 'page' ? modulesOf(route.url) : undefined;
      const ctx: RenderContext = {
        site,
        page: route.page,
        url: route.url,
        title: route.title,
        t,
        assets: { styles: hasMath ? [katexCss, ...styles] : styles, scripts, ...(modules ? { modules } : {}) },
        nav,
        buildYear,
        feedUrl: `${site.root}atom.xml`,
      };
      yield { path: route.file, content: () => htmlPieces(theme.render(ctx)), digest: (countsRead) => digest(ctx, countsRead) };
    }
  },
};
