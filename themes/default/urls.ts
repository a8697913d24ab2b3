/** URL helpers shared by the default theme's partials. */
import type { SiteInfo } from '../../src/site/render/context.js';

/**
 * Resolves an asset path against the site root. Theme assets are declared root-relative (`assets/style.css`)
 * so one theme works for a site served at `/` and at `/notes/`; paths that are already absolute are kept.
 */
export function assetUrl(root: string, path: string): string {
  if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(path) || path.startsWith('/')) return path;
  return root + path;
}

/**
 * Absolute URL (origin included) of a site-relative URL, for canonical links and OpenGraph, which crawlers
 * require to be absolute. Falls back to the relative URL when the configured site URL is not a valid URL.
 */
export function absoluteUrl(site: SiteInfo, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  try {
    return new URL(url, site.url.endsWith('/') ? site.url : `${site.url}/`).href;
  } catch {
    return url;
  }
}
