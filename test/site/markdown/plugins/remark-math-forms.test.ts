/**
 * remarkMathForms: which markdown becomes math, with which mode and source position, and what stays text.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Root } from 'mdast'
import type { InlineMath, Math } from 'mdast-util-math'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { VFile } from 'vfile'
import { remarkMathForms } from '../../../../src/site/markdown/plugins/remark-math-forms.js'

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMathForms)
const toHtml = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMathForms)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeStringify, { allowDangerousHtml: true })

interface Found {
  blocks: Math[]
  inline: InlineMath[]
  /** `inlineMath` written as `$$…$$`/`\[…\]` inside a sentence. */
  inlineDisplay: InlineMath[]
  tree: Root
  file: VFile
}

async function parse(markdown: string): Promise<Found> {
  const file = new VFile(markdown)
  const tree = (await parser.run(parser.parse(file), file)) as Root
  const found: Found = { blocks: [], inline: [], inlineDisplay: [], tree, file }
  visit(tree, (node) => {
    if (node.type === 'math') found.blocks.push(node)
    if (node.type === 'inlineMath') {
      const cls = node.data?.hProperties?.className
      if (Array.isArray(cls) && cls.includes('math-display')) found.inlineDisplay.push(node)
      else found.inline.push(node)
    }
  })
  return found
}

function textOf(tree: Root): string {
  let text = ''
  visit(tree, 'text', (node) => {
    text += node.value + '\n'
  })
  return text
}

const start = (node: { position?: { start: { line: number; column: number } } }) =>
  `${node.position?.start.line}:${node.position?.start.column}`
const end = (node: { position?: { end: { line: number; column: number } } }) =>
  `${node.position?.end.line}:${node.position?.end.column}`

test('`$…$` is inline math with its source position', async () => {
  const { inline, blocks } = await parse('line one\nthe sigmoid $\\sigma(x)$ and $y$.')
  assert.deepEqual(inline.map((n) => n.value), ['\\sigma(x)', 'y'])
  assert.equal(start(inline[0]!), '2:13')
  assert.equal(end(inline[0]!), '2:24')
  assert.equal(blocks.length, 0)
})

test('`$$` fences on their own lines make one display block', async () => {
  const { blocks, tree } = await parse('before\n\n$$\na = b\n$$\n\nafter')
  assert.equal(blocks.length, 1)
  assert.equal(blocks[0]!.value, 'a = b')
  assert.equal(start(blocks[0]!), '3:1')
  assert.equal(end(blocks[0]!), '5:3')
  assert.deepEqual(tree.children.map((n) => n.type), ['paragraph', 'math', 'paragraph'])
})

test('TeX on the opening fence line is kept as TeX, not meta', async () => {
  const { blocks } = await parse('$$\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}\n$$\n')
  assert.equal(blocks.length, 1)
  assert.equal(blocks[0]!.value, '\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}')
  assert.equal(blocks[0]!.meta, null)
})

test('TeX on the closing fence line closes the block and nothing after it is swallowed', async () => {
  const { blocks, tree, inline } = await parse(
    'intro\n\n$$\n\\begin{aligned}\nN &= 1\n\\end{aligned}$$\n\nafter *this* $x$\n\n## Heading\n',
  )
  assert.equal(blocks.length, 1)
  assert.equal(blocks[0]!.value, '\\begin{aligned}\nN &= 1\n\\end{aligned}')
  assert.equal(end(blocks[0]!), '6:16')
  assert.deepEqual(tree.children.map((n) => n.type), ['paragraph', 'math', 'paragraph', 'heading'])
  assert.equal(inline.length, 1)
})

test('TeX on both fence lines', async () => {
  const { blocks, tree } = await parse('$$\\begin{cases}\na & b \\\\\nc & d\n\\end{cases}$$\nnext line is prose\n')
  assert.equal(blocks.length, 1)
  assert.equal(blocks[0]!.value, '\\begin{cases}\na & b \\\\\nc & d\n\\end{cases}')
  assert.deepEqual(tree.children.map((n) => n.type), ['math', 'paragraph'])
})

test('a display block may interrupt a paragraph, as in the seed note', async () => {
  const { blocks, tree } = await parse('求导：\n$$\\begin{align*}\nx\n\\end{align*}\n$$\n其中 $y$')
  assert.equal(blocks.length, 1)
  assert.deepEqual(tree.children.map((n) => n.type), ['paragraph', 'math', 'paragraph'])
})

test('a whole `$$…$$` alone in its paragraph is a display block', async () => {
  const { blocks, inlineDisplay, tree } = await parse('text\n\n$$\\gamma(p)=\\sin(p)$$\n\n$$a$$\n$$b$$\n')
  assert.deepEqual(blocks.map((n) => n.value), ['\\gamma(p)=\\sin(p)', 'a', 'b'])
  assert.equal(inlineDisplay.length, 0)
  assert.deepEqual(tree.children.map((n) => n.type), ['paragraph', 'math', 'math', 'math'])
  assert.equal(start(blocks[0]!), '3:1')
})

test('`$$…$$` inside a sentence stays in the paragraph, in display mode', async () => {
  const { blocks, inlineDisplay, inline, tree } = await parse('The rule $$w - \\eta g$$ is applied.\n$$a$$ starts this line')
  assert.equal(blocks.length, 0)
  assert.deepEqual(inlineDisplay.map((n) => n.value), ['w - \\eta g', 'a'])
  assert.equal(inline.length, 0)
  assert.deepEqual(tree.children.map((n) => n.type), ['paragraph'])
  const html = String(await toHtml.process('The rule $$w$$ is applied.'))
  assert.equal(html, '<p>The rule <code class="language-math math-display">w</code> is applied.</p>')
})

test('`\\[…\\]` and `\\(…\\)` are math; escapes without a closer stay text', async () => {
  const { blocks, inline, inlineDisplay } = await parse(
    'Inline \\(\\alpha_1\\) here.\n\n\\[\n\\sum_i x_i\n\\]\n\nOne line \\[ y \\] inside.\n\n\\[z\\]\n\n\\\\(not math) and \\[ alone and \\(too',
  )
  assert.deepEqual(inline.map((n) => n.value), ['\\alpha_1'])
  assert.deepEqual(blocks.map((n) => n.value), ['\\sum_i x_i', 'z'])
  assert.deepEqual(inlineDisplay.map((n) => n.value), ['y'])
  const { tree } = await parse('\\\\(not math) and \\[ alone and \\(too')
  assert.equal(textOf(tree), '\\(not math) and [ alone and (too\n')
})

test('`\\\\]` inside `\\[…\\]` is a row break, not the closer', async () => {
  const { blocks } = await parse('\\[\na \\\\\nb \\\\]\n\\]\n')
  assert.equal(blocks.length, 1)
  assert.equal(blocks[0]!.value, 'a \\\\\nb \\\\]')
})

test('math works inside blockquotes (callouts) and list items', async () => {
  const { blocks, inline, tree } = await parse(
    '> [!note] Title\n> text $a$\n> $$\\begin{aligned}\n> x &= 1\n> \\end{aligned}$$\n> after\n\nout\n\n- item $b$\n  $$\n  y\n  $$\n- next\n',
  )
  assert.deepEqual(blocks.map((n) => n.value), ['\\begin{aligned}\nx &= 1\n\\end{aligned}', 'y'])
  assert.deepEqual(inline.map((n) => n.value), ['a', 'b'])
  assert.equal(start(blocks[0]!), '3:3')
  assert.deepEqual(tree.children.map((n) => n.type), ['blockquote', 'paragraph', 'list'])
})

test('a fence in a blockquote ends with the quote', async () => {
  const { blocks, tree } = await parse('> $$\n> x\n\nafter the quote\n')
  assert.equal(blocks.length, 1)
  assert.equal(blocks[0]!.value, 'x')
  assert.deepEqual(tree.children.map((n) => n.type), ['blockquote', 'paragraph'])
})

test('markdown never eats `\\\\`, `_` or `*` inside math; Unicode letters are kept', async () => {
  const { inline, blocks } = await parse('$a_1 * b_2 * c \\\\ d$ and $\\text{损失} α$\n\n$$\na_1 *b* \\\\\n_c_\n$$')
  assert.deepEqual(inline.map((n) => n.value), ['a_1 * b_2 * c \\\\ d', '\\text{损失} α'])
  assert.equal(blocks[0]!.value, 'a_1 *b* \\\\\n_c_')
})

test('a `$` in prose stays text (Pandoc rule)', async () => {
  for (const prose of ['$5 and $10', 'costs $3.', 'a $ b $ c', 'from $x $ to', '$x$5 more', 'a single $ sign']) {
    const { inline, inlineDisplay, blocks, tree } = await parse(prose)
    assert.equal(inline.length + inlineDisplay.length + blocks.length, 0, prose)
    assert.equal(textOf(tree), prose + '\n')
  }
  const { inline } = await parse('$5 and $10 but $x$ is math, \\$ is escaped, $a \\$ b$ too')
  assert.deepEqual(inline.map((n) => n.value), ['x', 'a \\$ b'])
})

test('inline code and code fences stay text', async () => {
  const { inline, blocks, inlineDisplay } = await parse('`$x$` and `$$y$$`\n\n```\n$$\nz\n$$\n$a$\n```\n\n    $$indented$$\n')
  assert.equal(inline.length + blocks.length + inlineDisplay.length, 0)
})

test('an unclosed `$$` warns at its opening fence', async () => {
  const { file, blocks } = await parse('intro\n\n$$\nx = 1\n\nmore')
  assert.equal(blocks.length, 1)
  assert.equal(file.messages.length, 1)
  const message = file.messages[0]!
  assert.equal(message.ruleId, 'math-unclosed')
  assert.equal(`${message.line}:${message.column}`, '3:1')
  assert.equal(message.fatal, false)
  assert.match(message.reason, /never closed/)
})

test('hast contract: pre > code.language-math.math-display and code.language-math.math-inline', async () => {
  const html = String(await toHtml.process('$a$\n\n$$b\nc$$\n'))
  assert.equal(
    html,
    '<p><code class="language-math math-inline">a</code></p>\n' +
      '<pre><code class="language-math math-display">b\nc</code></pre>',
  )
})
