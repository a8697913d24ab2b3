/**
 * Dates the way Hexo writers mean them: `2023-07-02 18:53:58` has no zone and is read in the site's timezone,
 * so a page never shows a different day than the note says. Plain Intl, no date library: the only operations
 * needed are "wall-clock time in zone → instant" and "instant → wall-clock time in zone".
 */

/** Wall-clock fields of an instant in a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Results of {@link wallTime} by zone and instant. A build asks for the same few thousand instants again and again
 * (each note's date on its page, on every list page it appears on, in the feed and the sitemap, and twice while
 * the date is parsed), and `formatToParts` is slow: ~150 ms of a 1000-note build's main thread before this.
 */
const wallTimes = new Map<string, WallTime>();
const WALL_TIMES_KEPT = 50_000;

/** The wall-clock time of an instant in a zone. */
export function wallTime(date: Date, timeZone: string): WallTime {
  const key = `${timeZone}\0${date.getTime()}`;
  const known = wallTimes.get(key);
  if (known) return { ...known };
  const w = computeWallTime(date, timeZone);
  if (wallTimes.size >= WALL_TIMES_KEPT) wallTimes.clear();
  wallTimes.set(key, w);
  return { ...w };
}

function computeWallTime(date: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/**
 * `Date.UTC` for every year: `Date.UTC` takes years 0–99 for 1900–1999, which made `date: 0050-01-01` a note of
 * 1950. Those years are set with `setUTCFullYear`, which takes them as written (proleptic Gregorian calendar).
 */
export function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100 || year < 0) return Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Offset of a zone from UTC at an instant, in minutes (e.g. +480 for Asia/Shanghai). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const w = wallTime(date, timeZone);
  const asUtc = utcMillis(w.year, w.month, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** The instant at which the clocks of a zone show the given wall-clock time. */
export function fromWallTime(w: WallTime, timeZone: string): Date {
  const guess = utcMillis(w.year, w.month, w.day, w.hour, w.minute, w.second);
  let t = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60000;
  // A second pass settles instants next to a DST change, where the first guess used the other side's offset.
  t = guess - zoneOffsetMinutes(new Date(t), timeZone) * 60000;
  return new Date(t);
}

const DATE_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a front-matter date. Without a zone it is read in `timeZone`; with `Z` or `±hh:mm` it is exact.
 * Returns undefined when the text is not a date or names an impossible day (2023-02-30).
 */
export function parseDate(text: string, timeZone: string): Date | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const w: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  // Year 0 and before: the calendar's era turns over there (Intl shows 1 BC), and no note was written then.
  if (w.year < 1 || w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return undefined;
  if (new Date(utcMillis(w.year, w.month, w.day)).getUTCDate() !== w.day) return undefined;
  const zone = m[7];
  if (zone === undefined) return fromWallTime(w, timeZone);
  const utc = utcMillis(w.year, w.month, w.day, w.hour, w.minute, w.second);
  if (zone.toUpperCase() === 'Z') return new Date(utc);
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return new Date(utc - offset * 60000);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** RFC 3339 text of an instant with the zone's offset, e.g. `2023-07-02T18:53:58+08:00`. */
export function toIsoInZone(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  const off = zoneOffsetMinutes(date, timeZone);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** `YYYY-MM-DD` of an instant in a zone: the day a reader of the note expects to see. */
export function dayInZone(date: Date, timeZone: string): string {
  const w = wallTime(date, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}
