/**
 * Permalinks from Hexo's pattern tokens, computed as Hexo computes them (hexo-util's `Permalink`, the filter
 * `post_permalink`), so a blog moved from Hexo keeps its URLs. `:title` is the note's path inside the folder as
 * written (spaces, capitals, Chinese), parsed out of the file name by `new_post_name`.
 */
import { createHash } from 'node:crypto';
import Permalink from 'hexo-util/dist/permalink.js';
import { wallTime } from '../content/dates.js';
import { categorySlug, hexoSlugRules, slugify, slugize, type SlugRules } from './slug.js';

/** What a permalink pattern can refer to. */
export interface PermalinkInput {
  rel: string;
  title: string;
  date: Date;
  timezone: string;
  /** Outermost-first category chain of the note's last category (Hexo's `categories.last()`). */
  category: string[];
  /** Slug rules for `:category`; Hexo's defaults when missing. */
  slugRules?: SlugRules | undefined;
  /** Hexo's `new_post_name` (default `:title.md`): which part of the file name is `:title`. */
  newPostName?: string | undefined;
  /** Hexo's `default_category`, for `:category` of a note without one. */
  defaultCategory?: string | undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

const fileNamePatterns = new Map<string, Permalink>();
const patterns = new Map<string, Permalink>();

/**
 * `:title` of a note, as Hexo's post processor finds it: the path without extension matched against
 * `new_post_name` (`:year-:month-:day-:title.md` takes `foo` out of `2023-07-02-foo.md`), else its slug.
 */
export function titleFromPath(rel: string, newPostName = ':title.md'): string {
  const rule = newPostName.replace(/\.[^./]*$/, '');
  let p = fileNamePatterns.get(rule);
  if (!p) {
    p = new Permalink(rule, {
      segments: { year: /(\d{4})/, month: /(\d{2})/, day: /(\d{2})/, i_month: /(\d{1,2})/, i_day: /(\d{1,2})/, hash: /([0-9a-f]{12})/ },
    });
    fileNamePatterns.set(rule, p);
  }
  const noExt = rel.replace(/\.[^./]*$/, '');
  const data = p.parse(noExt);
  return (data as { title?: string } | undefined)?.title ?? slugize(noExt);
}

/** Expanded permalinks by everything they depend on: a dev server plans every note again on each save. */
const expanded = new Map<string, string>();
const mapKeys = new WeakMap<object, string>();

/** Site path (no leading slash, trailing slash for directories) of a note. */
export function expandPermalink(pattern: string, p: PermalinkInput): string {
  const rules = p.slugRules ?? hexoSlugRules;
  let map = mapKeys.get(rules.categoryMap);
  if (map === undefined) mapKeys.set(rules.categoryMap, (map = JSON.stringify(rules.categoryMap)));
  const key = [pattern, p.rel, p.title, p.date.getTime(), p.timezone, p.category.join('\u0001'), rules.filenameCase, map, p.newPostName, p.defaultCategory].join('\0');
  let out = expanded.get(key);
  if (out === undefined) {
    out = expand(pattern, p);
    if (expanded.size >= 100_000) expanded.clear(); // bounded, for a long-running dev server
    expanded.set(key, out);
  }
  return out;
}

function expand(pattern: string, p: PermalinkInput): string {
  const w = wallTime(p.date, p.timezone);
  const title = titleFromPath(p.rel, p.newPostName);
  const seconds = Math.floor(p.date.getTime() / 1000);
  const tokens: Record<string, string> = {
    year: String(w.year),
    month: pad(w.month),
    day: pad(w.day),
    i_month: String(w.month),
    i_day: String(w.day),
    hour: pad(w.hour),
    minute: pad(w.minute),
    second: pad(w.second),
    timestamp: String(seconds),
    title,
    name: title.split('/').pop() ?? title,
    post_title: slugify(p.title),
    slug: slugify(p.title),
    hash: createHash('sha1').update(title + String(seconds)).digest('hex').slice(0, 12),
    category: p.category.length ? categorySlug(p.category, p.slugRules ?? hexoSlugRules) : (p.defaultCategory ?? 'uncategorized'),
  };
  let rule = patterns.get(pattern);
  if (!rule) {
    rule = new Permalink(pattern, {});
    patterns.set(pattern, rule);
  }
  let out = rule.stringify(new Proxy(tokens, { get: (t, k) => (typeof k === 'string' ? (t[k] ?? '') : undefined) }));
  out = out.replace(/^\/+/, '');
  if (!out.endsWith('/') && !/\.html?$/.test(out)) out += '/';
  return out;
}

/** Normalises a front-matter `permalink:` into a site path. */
export function normalizePermalink(value: string): string {
  let out = value.trim().replace(/^\/+/, '');
  if (!out.endsWith('/') && !/\.html?$/.test(out)) out += '/';
  return out;
}
