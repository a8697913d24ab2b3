/**
 * rehypeKatexCached: what the page gets for each formula, the warnings a writer sees, the counts, the cache.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { mathProcessor } from '../../../helpers/math-pipeline.js'
import { VFile } from 'vfile'
import {
  clearKatexCache,
  katexCacheStats,
} from '../../../../src/site/markdown/plugins/rehype-katex-cached.js'

const processor = mathProcessor

async function render(markdown: string): Promise<{ html: string; file: VFile }> {
  const file = await processor.process(new VFile({ path: 'note.md', value: markdown }))
  return { html: String(file), file }
}

const messages = (file: VFile) => file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)

test('inline math is a span.math.math-inline holding KaTeX HTML and MathML', async () => {
  const { html, file } = await render('The sigmoid $\\sigma(x)$.')
  assert.match(html, /^<p>The sigmoid <span class="math math-inline"><span class="katex"><span class="katex-mathml"><math /)
  assert.match(html, /<annotation encoding="application\/x-tex">\\sigma\(x\)<\/annotation>/)
  assert.match(html, /<span class="katex-html" aria-hidden="true">/)
  assert.deepEqual(file.data.math, { inline: 1, display: 0, errors: 0 })
  assert.deepEqual(file.messages, [])
})

test('display math is a div.math.math-display (the block the theme scrolls), not a pre', async () => {
  const { html, file } = await render('$$\na \\\\ b\n$$\n\n$$\\begin{aligned}x&=1\\end{aligned}$$')
  assert.equal(html.match(/<div class="math math-display"><span class="katex-display">/g)?.length, 2)
  assert.doesNotMatch(html, /<pre|language-math/)
  assert.deepEqual(file.data.math, { inline: 0, display: 2, errors: 0 })
})

test('display math inside a sentence is a span in display mode, so the paragraph stays valid HTML', async () => {
  const { html } = await render('The rule $$w - \\eta g$$ is applied.')
  assert.match(html, /^<p>The rule <span class="math math-display"><span class="katex-display">/)
  assert.match(html, / is applied\.<\/p>$/)
})

test('the commands and environments notes use all render without errors', async () => {
  const formulas = [
    '\\begin{align} a &= b \\tag{1} \\\\ c &= d \\end{align}',
    '\\begin{align*} a &= b \\\\ c &= d \\end{align*}',
    '\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}',
    'f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}',
    '\\begin{matrix} 1 & 0 \\\\ 0 & 1 \\end{matrix} \\begin{bmatrix} a \\end{bmatrix} \\begin{pmatrix} b \\end{pmatrix}',
    '\\operatorname{softmax}(\\boldsymbol{z}) \\mathcal{L} \\left( \\frac{1}{2} \\right) \\tag{2}',
  ]
  const { html, file } = await render(formulas.map((f) => `$$\n${f}\n$$`).join('\n\n'))
  assert.deepEqual(file.data.math, { inline: 0, display: formulas.length, errors: 0 })
  assert.deepEqual(file.messages, [])
  assert.doesNotMatch(html, /math-error/)
  assert.match(html, /class="katex-tag"/)
})

test('a display environment inside `$…$` renders as display instead of failing', async () => {
  const { html, file } = await render('See $\\begin{align} a &= b \\end{align}$ here.')
  assert.match(html, /<span class="math math-display"><span class="katex-display">/)
  assert.deepEqual(file.data.math, { inline: 0, display: 1, errors: 0 })
  assert.deepEqual(file.messages, [])
})

test('TeX KaTeX cannot parse: a warning at the formula with the reason, and a visible error box', async () => {
  const { html, file } = await render('line one\n\nbroken $x^$ here\n\n> quote\n> $$\n> \\frac{1}{2\n> $$\n')
  assert.deepEqual(messages(file), ['3:8 katex-parse', '6:3 katex-parse'])
  const [first, second] = file.messages
  assert.match(first!.reason, /Expected group after '\^'/)
  assert.match(second!.reason, /expected '\}'/)
  assert.equal(first!.fatal, false)
  assert.equal(first!.source, 'danlu')
  assert.ok(
    html.includes(
      '<span class="math math-inline"><span class="math-error" role="img" aria-label="Formula KaTeX could not typeset: x^"',
    ),
  )
  assert.ok(html.includes('<code>$x^$</code>'))
  assert.ok(html.includes('<div class="math math-display"><span class="math-error" role="img"'))
  assert.ok(html.includes('<code>$$\\frac{1}{2$$</code>'))
  assert.deepEqual(file.data.math, { inline: 1, display: 1, errors: 2 })
})

test('error text is escaped, never injected', async () => {
  const { html } = await render('$\\frac{<script>}{$')
  assert.doesNotMatch(html, /<script>/)
  assert.match(html, /&lt;script&gt;/)
})

test('strict-mode notes become katex-<code> warnings, grouped per formula, and the formula still renders', async () => {
  const { html, file } = await render('a\n\n损失 $L = 损失函数$ 和 $\\text{学习率}$\n\n$$\na \\\\ b\n$$')
  assert.deepEqual(messages(file), ['3:4 katex-unicodeTextInMathMode', '5:1 katex-newLineInDisplayMode'])
  assert.match(file.messages[0]!.reason, /"损" used in math mode \(and 3 more like it\); wrap words in \\text/)
  assert.match(html, /<span class="mord cjk_fallback">损失函数<\/span>/)
  assert.deepEqual(file.data.math, { inline: 2, display: 1, errors: 0 })
})

test('warnings repeat for every occurrence even when the render comes from the cache', async () => {
  const { file } = await render('$中$ and $中$')
  assert.deepEqual(messages(file), ['1:1 katex-unicodeTextInMathMode', '1:9 katex-unicodeTextInMathMode'])
})

test('renders are cached by mode and TeX across notes', async () => {
  clearKatexCache()
  const first = await render('$x_1$ $x_1$\n\n$$x_1$$')
  assert.deepEqual(katexCacheStats(), { renders: 2, hits: 1, size: 2 })
  const second = await render('$x_1$ $x_1$\n\n$$x_1$$')
  assert.deepEqual(katexCacheStats(), { renders: 2, hits: 4, size: 2 })
  assert.equal(String(second.html), String(first.html))
})

test('a note without math records zero counts', async () => {
  const { file } = await render('# Title\n\nNo math, $5 only.')
  assert.deepEqual(file.data.math, { inline: 0, display: 0, errors: 0 })
})
