/** Types shared by the default theme's layouts. */
import type { LayoutName, PageData, RenderContext } from '../../src/site/render/context.js';
import type { TrustedHtml } from '../../src/site/render/html.js';

/** The page data of one layout, narrowed from the {@link PageData} union. */
export type PageOf<L extends LayoutName> = Extract<PageData, { layout: L }>;

/** A layout: the whole document for one page kind. */
export type Layout<L extends LayoutName> = (ctx: RenderContext, page: PageOf<L>) => TrustedHtml;
