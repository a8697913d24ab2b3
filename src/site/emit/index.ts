/** The emitters a build runs, in order (emitter.ts). */
import type { Emitter } from './emitter.js';
import { feedEmitter } from './feed.js';
import { pagesEmitter } from './pages.js';
import { searchJsonEmitter } from './search-json.js';
import { sitemapEmitter } from './sitemap.js';

export type { EmitContext, Emitted, Emitter } from './emitter.js';

/** Pages, feed, sitemap with robots.txt, search.json. (The Pagefind bundle and the demos are built in phases of their own.) */
export const EMITTERS: readonly Emitter[] = [pagesEmitter, feedEmitter, sitemapEmitter, searchJsonEmitter];
