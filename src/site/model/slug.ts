/**
 * URL segments for tags, categories and titles, made by Hexo's own `slugize` (hexo-util), so a blog moved from
 * Hexo keeps every tag and category URL byte for byte: `NeRF` stays `/tags/NeRF/`, `Deep Learning` becomes
 * `Deep-Learning`, Chinese stays Chinese (readable in the address bar, percent-encoded on the wire).
 */
import hexoSlugize from 'hexo-util/dist/slugize.js';

/** How names become URL segments: Hexo's `filename_case`, `tag_map` and `category_map`. */
export interface SlugRules {
  /** 0 as written, 1 lower case, 2 upper case. */
  filenameCase: number;
  tagMap: Record<string, string>;
  categoryMap: Record<string, string>;
}

/** Hexo's defaults: names as written, no maps. */
export const hexoSlugRules: SlugRules = { filenameCase: 0, tagMap: {}, categoryMap: {} };

/** `slugize` as Hexo calls it; a name made only of separators (`+++`) keeps a segment so its page has a path. */
export function slugize(name: string, filenameCase = 0): string {
  return hexoSlugize(name.normalize('NFC'), { transform: filenameCase }) || 'untitled';
}

/** A tag's URL segment (Hexo's Tag model: `tag_map` first, then `slugize` with `filename_case`). */
export function tagSlug(name: string, rules: SlugRules): string {
  const mapped = Object.hasOwn(rules.tagMap, name) ? rules.tagMap[name] || name : name;
  return slugize(mapped, rules.filenameCase);
}

/** A category's URL path, its parents' segments first (Hexo's Category model): `模型/CNN`. */
export function categorySlug(chain: readonly string[], rules: SlugRules): string {
  return chain.map((name) => slugize(rules.categoryMap[name] || name, rules.filenameCase)).join('/');
}

/** A path segment for a title (`:slug` and `:post_title`): Hexo's `slugize` in lower case. */
export function slugify(name: string): string {
  return slugize(name.trim(), 1);
}

/** Encodes a site path for use in an href: each segment percent-encoded, slashes kept. */
export function encodePath(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}
