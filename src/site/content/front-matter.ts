/**
 * Front matter, read with gray-matter (the format every Hexo and Obsidian user already has) and checked into a
 * typed {@link NoteMeta}. YAML is read with js-yaml's core schema, so `date: 2023-07-02 18:53:58` stays text and is
 * read in the site's timezone instead of being taken as UTC. Every problem is a {@link Message} with a place.
 */
import matter from 'gray-matter';
import * as yaml from 'js-yaml';
import path from 'node:path';
import type { Message } from '../messages.js';
import { dayInZone, parseDate, wallTime } from './dates.js';

const DAY_MS = 86_400_000;

/** Typed front matter of a note. */
export interface NoteMeta {
  title: string;
  date: Date;
  updated: Date | undefined;
  tags: string[];
  /** Category chains, outermost first: `[['深度学习', '模型'], ['笔记']]`. */
  categories: string[][];
  description: string | undefined;
  draft: boolean;
  permalink: string | undefined;
  /** Line of the `permalink:` key in the source file, when there is one: a bad permalink is reported there. */
  permalinkLine?: number;
  /** Line of the `title:` key, when there is one: a title too long for a URL segment is reported there. */
  titleLine?: number;
  /**
   * Line of each tag and category name in the front matter (its `- name` item, or the key's line for `[a, b]`):
   * a name too long for a URL segment is reported there.
   */
  nameLines?: Map<string, number>;
  /**
   * Place on the home page: notes with a higher pin come first, newest first among equals; 0 for none. From
   * `sticky: <n>` (hexo-generator-index) or `top: true | <n>` (hexo-generator-index-pin-top; `true` counts as 1).
   */
  pin: number;
  /** `type:` of a page (NexT's `type: tags` marks `source/tags/index.md` as the tag cloud page). */
  type: string | undefined;
  /** `comments: false` (Hexo's and NexT's key): no comment box under this note even when the site has one. */
  comments?: false;
}

/** What a note without `updated` shows: the file's modification time, its date, or none (Hexo's `updated_option`). */
export type UpdatedOption = 'mtime' | 'date' | 'empty';

/** Result of splitting and checking a note's source. */
export interface ParsedSource {
  /** Undefined when the front matter is broken beyond use (the note is skipped, with an error). */
  meta: NoteMeta | undefined;
  /**
   * The markdown body with the front matter replaced by as many empty lines, so positions in the body are
   * positions in the source file.
   */
  body: string;
  messages: Message[];
}

const engines = {
  yaml: (s: string): object => (yaml.load(s, { schema: yaml.CORE_SCHEMA }) ?? {}) as object,
};

/** Inputs that a note's front matter falls back on. */
export interface FrontMatterContext {
  /** Path used in messages. */
  file: string;
  timezone: string;
  /** The file's modification time, used (with a warning) when there is no `date`, and by `updatedOption: mtime`. */
  mtime: Date;
  /** What `updated` is when the note has none; default `empty`. */
  updatedOption?: UpdatedOption | undefined;
  /**
   * The note belongs to a Hexo blog, and is read the way Hexo reads it: a timestamp with an explicit zone
   * (`2023-09-21T16:00:14.000Z`) shows its written clock time in the site's zone, as hexo-front-matter makes it,
   * and `draft:` is not a Hexo key (Hexo publishes the note; `published: false` hides it).
   */
  hexo?: boolean | undefined;
  /** The time of the build, for the warning on dates in the future; default: now. */
  now?: Date | undefined;
}

/** Splits front matter from body and checks every field; never throws for content problems. */
export function parseSource(text: string, ctx: FrontMatterContext): ParsedSource {
  const messages: Message[] = [];
  const report = (line: number, column: number, rule: string, message: string, severity: Message['severity'] = 'error'): void => {
    messages.push({ file: ctx.file, line, column, severity, rule, message });
  };
  const src = text.replace(/^\uFEFF/, '');
  const lines = src.split(/\r?\n/);
  const fallbackTitle = path.basename(ctx.file).replace(/\.(md|markdown)$/i, '');
  const fallback = (): NoteMeta => ({
    title: fallbackTitle,
    date: ctx.mtime,
    updated: undefined,
    tags: [],
    categories: [],
    description: undefined,
    draft: false,
    permalink: undefined,
    pin: 0,
    type: undefined,
  });

  if (!/^---\s*$/.test(lines[0] ?? '')) {
    report(1, 1, 'front-matter-missing-date', 'no front matter: the date is taken from the file time; add `date: YYYY-MM-DD HH:mm:ss` in a `---` block at the top', 'warning');
    return { meta: fallback(), body: src, messages };
  }
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (close < 0) {
    report(1, 1, 'front-matter-unclosed', 'the front matter opened on line 1 is never closed. Did you forget the closing `---`?');
    return { meta: undefined, body: '', messages };
  }
  const body = '\n'.repeat(close + 1) + lines.slice(close + 1).join('\n');
  let data: Record<string, unknown>;
  try {
    const fm = lines.slice(0, close + 1).join('\n');
    data = matter(fm + '\n', { engines }).data as Record<string, unknown>;
  } catch (cause) {
    const e = cause as { reason?: string; mark?: { line: number; column: number }; message?: string };
    const line = e.mark ? e.mark.line + 1 : 1;
    const column = e.mark ? e.mark.column + 1 : 1;
    report(line, column, 'front-matter-yaml', `the front matter is not valid YAML: ${e.reason ?? e.message}. Quote values that contain \`: \`, \`#\` or start with \`[\`, \`{\`, \`*\``);
    return { meta: undefined, body, messages };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    report(2, 1, 'front-matter-yaml', 'the front matter must be a mapping of `key: value` lines');
    return { meta: undefined, body, messages };
  }

  /** Line (1-based) of a top-level key in the front matter, for placing a message on it. */
  const placeOf = (key: string): [number, number] => {
    const re = new RegExp(`^${key}\\s*:`);
    const i = lines.findIndex((l, n) => n > 0 && n < close && re.test(l));
    return i < 0 ? [1, 1] : [i + 1, 1];
  };

  const meta = fallback();
  if (data.title !== undefined && data.title !== null) {
    meta.title = String(data.title).trim() || fallbackTitle;
    meta.titleLine = placeOf('title')[0];
  }

  const readDate = (key: 'date' | 'updated'): Date | undefined => {
    const v = data[key];
    if (v === undefined || v === null || v === '') return undefined;
    const d = typeof v === 'string' || typeof v === 'number' ? parseDate(ctx.hexo ? hexoClockTime(String(v)) : String(v), ctx.timezone) : undefined;
    if (!d) {
      const [l, c] = placeOf(key);
      report(l, c, 'front-matter-date', `\`${key}: ${writtenAt(l) || String(v)}\` is not a date; write it as YYYY-MM-DD or YYYY-MM-DD HH:mm:ss (read in the site's timezone ${ctx.timezone}), or with an offset such as 2023-07-02T18:53:58+08:00`);
    } else checkPlausible(key, d);
    return d;
  };
  /** The value as written on a `key: value` line (YAML reads `0050` as the number 50). */
  const writtenAt = (line: number): string => (lines[line - 1] ?? '').replace(/^[^:]*:\s*/, '').trim();
  // A date that parses may still be a slip of the keyboard: Hexo publishes it as written, and so do we, with a word.
  const now = ctx.now ?? new Date();
  const checkPlausible = (key: 'date' | 'updated', d: Date): void => {
    const [l, c] = placeOf(key);
    const written = writtenAt(l) || d.toISOString();
    const year = wallTime(d, ctx.timezone).year;
    if (year < 1000) {
      report(l, c, 'front-matter-date-year', `\`${key}: ${written}\` is in the year ${year}; the note is published with that date — if it is a typo, write the year with all four digits (e.g. 2023-07-02)`, 'warning');
    } else if (d.getTime() - now.getTime() > DAY_MS) {
      const days = Math.floor((d.getTime() - now.getTime()) / DAY_MS);
      report(l, c, 'front-matter-date-future', `\`${key}: ${written}\` is ${days} day${days === 1 ? '' : 's'} after this build (${dayInZone(now, ctx.timezone)}, ${ctx.timezone}); the note is published now anyway, as Hexo does, and ${key === 'date' ? 'sorts before every other note' : 'shows that date'} — if it is a typo, correct it`, 'warning');
    }
  };
  const date = readDate('date');
  if (date) meta.date = date;
  else if (data.date === undefined || data.date === null || data.date === '') {
    const [l, c] = placeOf('title');
    report(l, c, 'front-matter-missing-date', 'no `date` in the front matter: the file time is used, which changes when the file is copied; add `date: YYYY-MM-DD HH:mm:ss`', 'warning');
  }
  meta.updated = readDate('updated');
  if (!meta.updated && (data.updated === undefined || data.updated === null || data.updated === '')) {
    if (ctx.updatedOption === 'mtime') meta.updated = ctx.mtime;
    else if (ctx.updatedOption === 'date') meta.updated = meta.date;
  }

  const tags = data.tags ?? data.tag;
  const isName = (t: unknown): t is string | number | boolean => typeof t === 'string' || typeof t === 'number' || typeof t === 'boolean';
  if (isName(tags)) meta.tags = [String(tags)];
  else if (Array.isArray(tags) && tags.every((t) => isName(t) || t === null)) {
    // An empty `- ` item is YAML null; Hexo drops it, and so do we, with a word so the list can be tidied.
    if (tags.some((t) => t === null)) {
      const [keyLine] = placeOf(data.tags !== undefined ? 'tags' : 'tag');
      // The empty item's own line: the first bare `-` below the key.
      const item = lines.findIndex((text, n) => n >= keyLine && n < close && /^\s*-\s*$/.test(text));
      const [l, c] = item < 0 ? [keyLine, 1] : [item + 1, (lines[item] ?? '').indexOf('-') + 1];
      report(l, c, 'front-matter-empty-tag', '`tags` has an empty `- ` item; it is ignored (as Hexo does): delete the line or write a tag after the dash', 'warning');
    }
    meta.tags = tags.filter(isName).map(String);
  } else if (tags !== undefined && tags !== null) {
    const [l, c] = placeOf('tags');
    report(l, c, 'front-matter-tags', '`tags` must be one tag or a list of tags (`tags: [a, b]` or one `- tag` per line)');
  }
  meta.tags = [...new Set(meta.tags.map((t) => t.trim()).filter(Boolean))];

  const cats = readCategories(data.categories ?? data.category);
  if (cats === undefined) {
    const [l, c] = placeOf(data.categories !== undefined ? 'categories' : 'category');
    report(l, c, 'front-matter-categories', '`categories` must be a name, a list of names (a hierarchy, outermost first, as in Hexo), or a list of such lists for several categories');
  } else meta.categories = cats;

  // Where each name is written, for messages about it (few names per note, a few lines each).
  const nameLines = new Map<string, number>();
  const placeNames = (keys: string[], names: string[]): void => {
    const key = keys.find((k) => data[k] !== undefined) ?? keys[0] ?? '';
    const [keyLine] = placeOf(key);
    const end = lines.findIndex((l, n) => n >= keyLine && n < close && /^\S/.test(l));
    for (const name of names) {
      if (nameLines.has(name)) continue;
      const at = lines.findIndex((l, n) => n >= keyLine - 1 && n < (end < 0 ? close : end) && l.includes(name));
      nameLines.set(name, at < 0 ? keyLine : at + 1);
    }
  };
  placeNames(['tags', 'tag'], meta.tags);
  placeNames(['categories', 'category'], [...new Set(meta.categories.flat())]);
  if (nameLines.size) meta.nameLines = nameLines;

  if (typeof data.description === 'string') meta.description = data.description.trim() || undefined;
  else if (typeof data.excerpt === 'string') meta.description = data.excerpt.trim() || undefined;
  const draft = data.draft === true || data.draft === 'true';
  if (ctx.hexo) {
    if (draft) {
      const [l, c] = placeOf('draft');
      report(l, c, 'front-matter-draft', "`draft: true` is not a Hexo key: Hexo publishes this note, and so does danlu for a Hexo blog; write `published: false` (or move the note to `source/_drafts`) to keep it private", 'warning');
    }
  } else if (data.draft !== undefined) meta.draft = draft;
  if (data.published === false || data.published === 'false') meta.draft = true;
  if (typeof data.permalink === 'string' && data.permalink.trim()) {
    meta.permalink = data.permalink.trim();
    meta.permalinkLine = placeOf('permalink')[0];
  }
  meta.pin = pinOf(data.sticky) || pinOf(data.top);
  if (typeof data.type === 'string' && data.type.trim()) meta.type = data.type.trim();
  if (data.comments === false || data.comments === 'false') meta.comments = false;
  return { meta, body, messages };
}

/** `sticky: 2`, `top: true`, `top: 3` → a pin; anything else → 0. */
function pinOf(v: unknown): number {
  if (v === true || v === 'true') return 1;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * A timestamp as Hexo shows it: js-yaml reads a zoned timestamp as an instant, and hexo-front-matter then takes that
 * instant's UTC clock fields as the local time, so `2023-09-21T16:00:14.000Z` shows 16:00:14 on the 21st in the
 * blog's zone (and `…T18:53:58+08:00` shows 10:53:58). Text without a zone is unchanged. Only for Hexo blogs,
 * whose URLs carry these days: elsewhere an explicit zone is exact.
 */
function hexoClockTime(text: string): string {
  const t = text.trim();
  if (!/[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$/i.test(t)) return t;
  const instant = parseDate(t, 'UTC');
  return instant ? instant.toISOString().slice(0, 19).replace('T', ' ') : t;
}

/** Hexo's category shapes → chains; undefined when the shape is not one of them. */
function readCategories(v: unknown): string[][] | undefined {
  const isName = (x: unknown): x is string | number => typeof x === 'string' || typeof x === 'number';
  if (v === undefined || v === null) return [];
  // Empty `- ` items (YAML null) are dropped, as Hexo drops them.
  if (Array.isArray(v)) v = v.filter((x) => x !== null);
  if (isName(v)) return [[String(v).trim()]].filter((c) => c[0]);
  if (!Array.isArray(v)) return undefined;
  if (v.every(isName)) {
    const chain = v.map((x) => String(x).trim()).filter(Boolean);
    return chain.length ? [chain] : [];
  }
  const chains: string[][] = [];
  for (const item of v) {
    if (isName(item)) chains.push([String(item).trim()]);
    else if (Array.isArray(item) && item.every(isName)) chains.push(item.map((x) => String(x).trim()).filter(Boolean));
    else return undefined;
  }
  return chains.filter((c) => c.length > 0);
}
