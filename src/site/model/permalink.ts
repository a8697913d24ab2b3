/**
 * Permalinks from Hexo's pattern tokens, so a blog moved from Hexo keeps its URLs
 * (default `:year/:month/:day/:title/`, where `:title` is the note's path inside the folder without extension).
 */
import { wallTime } from '../content/dates.js';
import { slugify } from './slug.js';

/** What a permalink pattern can refer to. */
export interface PermalinkInput {
  rel: string;
  title: string;
  date: Date;
  timezone: string;
  /** Outermost-first category chain of the first category. */
  category: string[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Site path (no leading slash, trailing slash for directories) of a note. */
export function expandPermalink(pattern: string, p: PermalinkInput): string {
  const w = wallTime(p.date, p.timezone);
  const noExt = p.rel.replace(/\.(md|markdown)$/i, '');
  const name = noExt.split('/').pop() ?? noExt;
  const tokens: Record<string, string> = {
    year: String(w.year),
    month: pad(w.month),
    day: pad(w.day),
    i_month: String(w.month),
    i_day: String(w.day),
    hour: pad(w.hour),
    minute: pad(w.minute),
    second: pad(w.second),
    title: noExt.split('/').map(cleanSegment).join('/'),
    name: cleanSegment(name),
    slug: slugify(p.title),
    category: p.category.length ? p.category.map(slugify).join('/') : 'uncategorized',
  };
  let out = pattern.replace(/:(i_month|i_day|year|month|day|hour|minute|second|title|name|slug|category)/g, (_, t: string) => tokens[t] ?? '');
  out = out.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
  if (!out.endsWith('/') && !/\.html?$/.test(out)) out += '/';
  return out;
}

/** A file-name segment made safe for a URL path while keeping its words (spaces become `-`, as Hexo does). */
function cleanSegment(s: string): string {
  return s.trim().replace(/[\s?#%\\]+/g, '-') || 'untitled';
}

/** Normalises a front-matter `permalink:` into a site path. */
export function normalizePermalink(value: string): string {
  let out = value.trim().replace(/^\/+/, '');
  if (!out.endsWith('/') && !/\.html?$/.test(out)) out += '/';
  return out;
}
