/** The build's progress line: only on a terminal, not under CI, not for a short build, and cleared at the end. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressLine } from '../../src/site/report.js';

function fakeStream(isTTY: boolean): { isTTY: boolean; text: string; write(s: string): void } {
  return { isTTY, text: '', write(s: string) { this.text += s; } };
}

test('a long build on a terminal shows the phase and the notes rendered, then clears the line', () => {
  let t = 0;
  const stream = fakeStream(true);
  const p = progressLine(stream, {}, () => t);
  p.onProgress({ phase: 'load' });
  assert.equal(stream.text, '', 'nothing in the first two seconds');
  t = 2500;
  p.onProgress({ phase: 'render', done: 3, total: 10 });
  assert.match(stream.text, /render 3\/10 notes \(2\.5 s\)$/);
  p.clear();
  assert.ok(stream.text.endsWith('\r\x1b[K'));
});

test('no progress when stderr is not a terminal or under CI', () => {
  for (const [tty, env] of [[false, {}], [true, { CI: 'true' }]] as const) {
    let t = 0;
    const stream = fakeStream(tty);
    const p = progressLine(stream, env, () => t);
    t = 10_000;
    p.onProgress({ phase: 'render', done: 1, total: 2 });
    p.clear();
    assert.equal(stream.text, '');
  }
});
