/**
 * URL segments for tags, categories and titles, made by Hexo's own `slugize` (hexo-util), so a blog moved from
 * Hexo keeps every tag and category URL byte for byte: `NeRF` stays `/tags/NeRF/`, `Deep Learning` becomes
 * `Deep-Learning`, Chinese stays Chinese (readable in the address bar, percent-encoded on the wire).
 */
import { createHash } from 'node:crypto';
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

/**
 * Results of {@link slugize} and {@link encodePath}: a build asks for the same few thousand names again and again
 * (each note's tags and categories on its page and on every list it is in, its title in its permalink), a dev
 * server on every save, and Hexo's slugize runs a dozen regular expressions each time.
 */
const slugs = new Map<string, string>();
const encoded = new Map<string, string>();
const KEPT = 50_000;

function remember(memo: Map<string, string>, key: string, value: string): string {
  if (memo.size >= KEPT) memo.clear();
  memo.set(key, value);
  return value;
}

/** `slugize` as Hexo calls it; a name made only of separators (`+++`) keeps a segment so its page has a path. */
export function slugize(name: string, filenameCase = 0): string {
  const key = `${filenameCase}\0${name}`;
  return slugs.get(key) ?? remember(slugs, key, hexoSlugize(name.normalize('NFC'), { transform: filenameCase }) || 'untitled');
}

/**
 * The longest file or folder name most file systems take, in UTF-8 bytes (ext4, APFS, and NTFS's 255 UTF-16 units
 * hold at least this much): a tag of 86 Chinese characters is 258 bytes, and its page could not be written.
 */
export const MAX_SEGMENT_BYTES = 255;

/**
 * A path segment cut to {@link MAX_SEGMENT_BYTES}: the longest whole-character prefix, `-` and 8 hex digits of the
 * full segment's SHA-1 (so two long names that share a prefix keep two pages), and a `.html` ending kept. Segments
 * that fit are returned as they are; the cut is deterministic, so links and pages agree across builds.
 */
export function fitSegment(segment: string): string {
  if (segment.length * 3 <= MAX_SEGMENT_BYTES || Buffer.byteLength(segment) <= MAX_SEGMENT_BYTES) return segment;
  const ext = /\.html?$/i.exec(segment)?.[0] ?? '';
  const mark = '-' + createHash('sha1').update(segment).digest('hex').slice(0, 8);
  const budget = MAX_SEGMENT_BYTES - ext.length - mark.length;
  let out = '';
  let bytes = 0;
  for (const ch of segment.slice(0, segment.length - ext.length)) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > budget) break;
    out += ch;
    bytes += b;
  }
  return out + mark + ext;
}

/** A site path with every segment fitted by {@link fitSegment}. */
export function fitPath(p: string): string {
  return p.split('/').map(fitSegment).join('/');
}

/** A tag's URL segment before fitting: Hexo's Tag model (`tag_map` first, then `slugize` with `filename_case`). */
export function fullTagSlug(name: string, rules: SlugRules): string {
  const mapped = Object.hasOwn(rules.tagMap, name) ? rules.tagMap[name] || name : name;
  return slugize(mapped, rules.filenameCase);
}

/** A tag's URL segment, cut to fit a file name when it is longer (see {@link fitSegment}). */
export function tagSlug(name: string, rules: SlugRules): string {
  return fitSegment(fullTagSlug(name, rules));
}

/** One category name's URL segment before fitting (`category_map` first, then `slugize`). */
export function fullCategorySegment(name: string, rules: SlugRules): string {
  return slugize(rules.categoryMap[name] || name, rules.filenameCase);
}

/** A category's URL path, its parents' segments first (Hexo's Category model): `模型/CNN`; each segment fitted. */
export function categorySlug(chain: readonly string[], rules: SlugRules): string {
  return chain.map((name) => fitSegment(fullCategorySegment(name, rules))).join('/');
}

/** A path segment for a title (`:slug` and `:post_title`): Hexo's `slugize` in lower case. */
export function slugify(name: string): string {
  return slugize(name.trim(), 1);
}

/** Encodes a site path for use in an href: each segment percent-encoded, slashes kept. */
export function encodePath(p: string): string {
  return (
    encoded.get(p) ??
    remember(
      encoded,
      p,
      p
        .split('/')
        .map((seg) => encodeURIComponent(seg))
        .join('/'),
    )
  );
}
