/**
 * Runs every `test/fixtures/markdown/math-*` note through a minimal math pipeline and checks its `expect.json`
 * (the same file the lead's fixture runner checks against the full processor), so each tricky `$$` form is proved
 * by the math plugins alone.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { blankFrontMatter, mathProcessor } from '../../../helpers/math-pipeline.js'
import { VFile } from 'vfile'

interface Expect {
  contains?: string[]
  notContains?: string[]
  messages?: Array<{ line: number; column: number; ruleId: string }>
}

const processor = mathProcessor


const root = join(import.meta.dirname, '../../../fixtures/markdown')
const cases = readdirSync(root).filter((name) => name.startsWith('math-'))

test('there is a math fixture for every tricky form', () => {
  for (const name of [
    'math-fenced',
    'math-tex-on-open-fence',
    'math-tex-on-close-fence',
    'math-tex-on-both-fences',
    'math-one-line-block',
    'math-one-line-in-sentence',
    'math-brackets',
    'math-in-blockquote',
    'math-in-list',
    'math-dollars-in-prose',
    'math-code-stays-text',
    'math-katex-error',
  ]) {
    assert.ok(cases.includes(name), `missing fixture ${name}`)
  }
})

for (const name of cases) {
  test(`fixture ${name}`, async () => {
    const dir = join(root, name)
    assert.ok(existsSync(join(dir, 'expect.json')), `${name} has no expect.json`)
    const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expect
    const source = readFileSync(join(dir, 'input.md'), 'utf8')
    assert.match(source, /^---\n/, 'fixtures carry front matter so line numbers are meaningful')
    const file = await processor.process(new VFile({ path: join(dir, 'input.md'), value: blankFrontMatter(source) }))
    const html = String(file)
    for (const needle of expect.contains ?? []) assert.ok(html.includes(needle), `${name}: expected ${JSON.stringify(needle)} in\n${html}`)
    for (const needle of expect.notContains ?? []) assert.ok(!html.includes(needle), `${name}: did not expect ${JSON.stringify(needle)}`)
    const got = file.messages
      .filter((m) => /^(katex-|math-)/.test(m.ruleId ?? ''))
      .map((m) => ({ line: m.line, column: m.column, ruleId: m.ruleId }))
    assert.deepEqual(got, expect.messages ?? [])
  })
}
