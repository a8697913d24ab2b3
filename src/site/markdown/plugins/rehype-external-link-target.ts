/**
 * Hexo's `external_link`: with `enable: true` (Hexo's default), a link to another site opens in a new tab
 * (`target="_blank" rel="noopener"`), unless its host is in `exclude`. Whether a link is external is decided by
 * hexo-util's own `isExternalLink` against the site's `url`, as hexo-renderer-marked and Hexo's after-render
 * filter decide it, so a moved blog's links behave exactly as they did: `//host/…` and `http(s)://` links to
 * another host only; relative links, `#…`, `mailto:` and the site's own host stay in the tab.
 *
 * Runs on every `<a>` in the page, raw HTML ones included (Hexo's filter rewrites the rendered HTML too). A link
 * that already says where it opens (`target=…`, written by hand) is left as written.
 */
import type { Element, Root } from 'hast';
import isExternalLink from 'hexo-util/dist/is_external_link.js';
import { visit } from '../walk.js';

/** Options of {@link rehypeExternalLinkTarget}. */
export interface ExternalLinkTargetOptions {
  /** The site's public URL (origin + base path): its host is "this site". */
  siteUrl: string;
  /** Hosts whose links stay in the same tab (Hexo's `external_link.exclude`; subdomains are listed one by one). */
  exclude: string[];
}

/** Unified plugin: add `target="_blank" rel="noopener"` to links to other hosts; no options: do nothing. */
export function rehypeExternalLinkTarget(options?: ExternalLinkTargetOptions) {
  return (tree: Root): void => {
    if (!options) return;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a') return;
      const href = node.properties.href;
      if (typeof href !== 'string' || node.properties.target !== undefined) return;
      if (!isExternalLink(href, options.siteUrl, options.exclude)) return;
      node.properties.target = '_blank';
      const rel = Array.isArray(node.properties.rel) ? node.properties.rel.map(String) : [];
      if (!rel.includes('noopener')) node.properties.rel = [...rel, 'noopener'];
    });
  };
}
