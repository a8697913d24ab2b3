/**
 * Dates that parse but are likely slips (issue 11): `date: 0050-01-01` is the year 50 (it used to become 1950), and
 * a year before 1000 or a date more than a day after the build is a warning at the `date:` line; the note is still
 * published with the date as written, as Hexo publishes it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSource } from '../../../src/site/content/front-matter.js';
import { parseDate, toIsoInZone } from '../../../src/site/content/dates.js';

const now = new Date('2026-03-10T12:00:00Z');
const read = (front: string, timezone = 'Asia/Shanghai') =>
  parseSource(`---\ntitle: T\n${front}\n---\nBody.\n`, { file: 'a.md', timezone, mtime: new Date('2020-01-01T00:00:00Z'), now });
const said = (r: ReturnType<typeof read>): string[] => r.messages.map((m) => `${m.line}:${m.column} ${m.severity} ${m.rule} ${m.message}`);

test('years before 1000 are read as written, with a warning at the date line', () => {
  const r = read('date: 0050-01-01', 'UTC');
  assert.equal(r.meta?.date.toISOString(), '0050-01-01T00:00:00.000Z', 'the year 50, not 1950');
  assert.deepEqual(said(r), ['3:1 warning front-matter-date-year `date: 0050-01-01` is in the year 50; the note is published with that date — if it is a typo, write the year with all four digits (e.g. 2023-07-02)']);
  const u = read('date: 2024-05-01\nupdated: 0202-05-01 10:00');
  assert.deepEqual(said(u).map((s) => s.slice(0, 60)), ['4:1 warning front-matter-date-year `updated: 0202-05-01 10:0']);
  assert.equal(toIsoInZone(parseDate('0099-12-31 23:00:00', 'UTC') ?? new Date(NaN), 'UTC'), '0099-12-31T23:00:00+00:00');
  // Leap days follow the year as written: 0004 is a leap year, 1900 is not.
  assert.ok(parseDate('0004-02-29', 'UTC'));
  assert.equal(parseDate('1900-02-29', 'UTC'), undefined);
  // `date: 0050` alone is no date; the message quotes it as written (YAML reads the number 50).
  assert.match(said(read('date: 0050'))[0] ?? '', /^3:1 error front-matter-date `date: 0050` is not a date/);
  assert.match(said(read('date: 0000-01-01'))[0] ?? '', /^3:1 error front-matter-date `date: 0000-01-01` is not a date/);
});

test('a date more than a day after the build is a warning; within a day, or in the past, is not', () => {
  const r = read('date: 2026-04-01 09:00');
  assert.equal(r.meta?.date.toISOString(), '2026-04-01T01:00:00.000Z', 'still published with its date');
  assert.deepEqual(said(r), [
    '3:1 warning front-matter-date-future `date: 2026-04-01 09:00` is 21 days after this build (2026-03-10, Asia/Shanghai); the note is published now anyway, as Hexo does, and sorts before every other note — if it is a typo, correct it',
  ]);
  assert.deepEqual(said(read('date: 2026-03-11 08:00')), [], 'tomorrow morning in a zone ahead of UTC is not yet a slip');
  assert.deepEqual(said(read('date: 2025-12-31')), []);
  assert.deepEqual(said(read('date: 2024-01-01\nupdated: 2062-03-10')).map((s) => s.split(' ').slice(0, 3).join(' ')), ['4:1 warning front-matter-date-future']);
});
