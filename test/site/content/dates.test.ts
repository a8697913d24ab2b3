import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayInZone, parseDate, toIsoInZone } from '../../../src/site/content/dates.js';

test('a Hexo date without a zone is read in the site timezone and shows the same day', () => {
  const d = parseDate('2023-07-02 18:53:58', 'Asia/Shanghai');
  assert.ok(d);
  assert.equal(d.toISOString(), '2023-07-02T10:53:58.000Z');
  assert.equal(toIsoInZone(d, 'Asia/Shanghai'), '2023-07-02T18:53:58+08:00');
  // Late evening in Shanghai is still the same day on the page, even though it is the next day in UTC.
  const late = parseDate('2023-07-02 23:30:00', 'Asia/Shanghai');
  assert.ok(late);
  assert.equal(dayInZone(late, 'Asia/Shanghai'), '2023-07-02');
  const early = parseDate('2023-07-02 00:10', 'America/Los_Angeles');
  assert.ok(early);
  assert.equal(dayInZone(early, 'America/Los_Angeles'), '2023-07-02');
});

test('explicit offsets and Z are exact; date-only is midnight in the zone', () => {
  assert.equal(parseDate('2023-07-02T18:53:58+02:00', 'Asia/Shanghai')?.toISOString(), '2023-07-02T16:53:58.000Z');
  assert.equal(parseDate('2023-07-02T18:53:58Z', 'Asia/Shanghai')?.toISOString(), '2023-07-02T18:53:58.000Z');
  assert.equal(parseDate('2023-07-02', 'Asia/Shanghai')?.toISOString(), '2023-07-01T16:00:00.000Z');
});

test('daylight saving zones get the offset of that day', () => {
  const summer = parseDate('2023-07-02 12:00:00', 'Europe/Berlin');
  const winter = parseDate('2023-01-02 12:00:00', 'Europe/Berlin');
  assert.equal(summer?.toISOString(), '2023-07-02T10:00:00.000Z');
  assert.equal(winter?.toISOString(), '2023-01-02T11:00:00.000Z');
});

test('impossible or malformed dates are rejected', () => {
  assert.equal(parseDate('2023-02-30 10:00:00', 'UTC'), undefined);
  assert.equal(parseDate('2023-13-01', 'UTC'), undefined);
  assert.equal(parseDate('yesterday', 'UTC'), undefined);
  assert.equal(parseDate('2023-07-02 25:00:00', 'UTC'), undefined);
});
