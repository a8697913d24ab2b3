/**
 * Pipeline fixtures: every folder in test/fixtures/markdown holds one syntax form as a short note. Each is run
 * through the full processor and checked against `expect.json` (HTML it must and must not contain, and exactly
 * which messages at which places) and, when present, the reviewed snapshots `output.html` / `messages.json`.
 * A folder may hold `options.json`: processor settings for that case (`{"breaks": false}`).
 * `UPDATE_FIXTURES=1` writes the snapshots after a deliberate change; review the diff before committing.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ProcessorSettings } from '../../../src/site/markdown/processor.js';
import { renderNote } from '../../helpers/render-note.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'markdown');
const update = process.env.UPDATE_FIXTURES === '1';

interface Expect {
  contains?: string[];
  notContains?: string[];
  messages?: Array<{ line: number; column?: number; ruleId: string }>;
}

for (const name of readdirSync(dir).sort()) {
  const input = path.join(dir, name, 'input.md');
  if (!existsSync(input)) continue;
  test(`fixture ${name}`, async () => {
    const optionsFile = path.join(dir, name, 'options.json');
    const settings = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Partial<ProcessorSettings>) : {};
    const out = await renderNote(readFileSync(input, 'utf8'), `${name}/input.md`, 'zh-CN', settings);
    const messages = out.messages.map((m) => ({ line: m.line, column: m.column, severity: m.severity, rule: m.rule, message: m.message }));
    const expectFile = path.join(dir, name, 'expect.json');
    if (existsSync(expectFile)) {
      const expect = JSON.parse(readFileSync(expectFile, 'utf8')) as Expect;
      for (const s of expect.contains ?? []) assert.ok(out.html.includes(s), `${name}: output should contain ${JSON.stringify(s)}\n--- output:\n${out.html}`);
      for (const s of expect.notContains ?? []) assert.ok(!out.html.includes(s), `${name}: output should not contain ${JSON.stringify(s)}`);
      if (expect.messages) {
        const got = messages.map((m) => `${m.line}:${expect.messages?.some((e) => e.column === undefined) ? '' : m.column} ${m.rule}`).sort();
        const want = expect.messages.map((m) => `${m.line}:${m.column ?? ''} ${m.ruleId}`).sort();
        assert.deepEqual(got, want, `${name}: messages\n${JSON.stringify(messages, null, 1)}`);
      }
    }
    for (const [file, actual] of [
      ['output.html', out.html],
      ['messages.json', JSON.stringify(messages, null, 2) + '\n'],
    ] as const) {
      const snap = path.join(dir, name, file);
      if (update) writeFileSync(snap, actual);
      else if (existsSync(snap)) assert.equal(actual, readFileSync(snap, 'utf8'), `${name}/${file} differs (UPDATE_FIXTURES=1 to accept a deliberate change)`);
    }
  });
}
