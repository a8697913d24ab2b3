/**
 * remarkMathForms — the one math syntax plugin of danlu's processor.
 *
 * Registers danlu's own micromark constructs (`../syntax/math-forms.ts`) instead of remark-math's, because the
 * notes this site is for write display math in ways remark-math does not read (TeX on the fence lines, `$$…$$`
 * on one line, `\[…\]`); measured on a real notes folder, plain remark-math found 14 of 120 display blocks.
 * The output is the same mdast remark-math produces (`math` / `inlineMath`, with the hast data for
 * `code.language-math.math-display|math-inline`), so remark-rehype and the renderer need nothing special.
 *
 * After parsing it:
 * - turns a paragraph that holds only display formulas (`$$x$$`, `\[x\]`) into `math` blocks, so a formula
 *   alone in its paragraph is a block like a fenced one (Obsidian renders it so);
 * - warns (`math-unclosed`) at a `$$`/`\[` block that never closed, since it ran to the end of its container.
 */

import type { Paragraph, Root, RootContent } from 'mdast'
import type { InlineMath, Math } from 'mdast-util-math'
import type { Plugin } from 'unified'
import type { VFile } from 'vfile'
import type {} from 'remark-parse'
import type {} from 'remark-stringify'
import { mathToMarkdown } from 'mdast-util-math'
import { SKIP, visit } from '../walk.js'
import { mathForms } from '../syntax/math-forms.js'
import { isDisplayInlineMath, mathFormsFromMarkdown, unclosedMath } from '../syntax/math-from-markdown.js'

/**
 * Unified plugin: math syntax for `$…$`, `$$…$$` (fenced, with TeX on either fence line, or on one line),
 * `\(…\)` and `\[…\]`. Use it in place of remark-math, after remark-gfm.
 */
export const remarkMathForms: Plugin<[], Root> = function (): (tree: Root, file: VFile) => undefined {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(mathForms())
  ;(data.fromMarkdownExtensions ??= []).push(mathFormsFromMarkdown())
  // Lets remark-stringify write the nodes back as `$`/`$$` (tools that round-trip notes).
  ;(data.toMarkdownExtensions ??= []).push(mathToMarkdown())

  return function transform(tree, file) {
    visit(tree, (node, index, parent) => {
      if (node.type === 'math' && unclosedMath.has(node)) {
        file.message(
          'Display math opened here is never closed, so everything after it up to the end of the ' +
            (parent && parent.type !== 'root' ? 'quote or list item' : 'note') +
            ' was read as TeX; add the closing `$$` (or `\\]`) on its own line or at the end of the last TeX line',
          { place: node.position, ruleId: 'math-unclosed', source: 'danlu' },
        )
        return
      }
      if (node.type !== 'paragraph' || !parent || index === undefined) return
      const blocks = displayOnly(node)
      if (!blocks) return
      parent.children.splice(index, 1, ...(blocks as RootContent[]) as never[])
      return [SKIP, index + blocks.length]
    })
    return undefined
  }
}

/** The paragraph's formulas as `math` blocks when it holds nothing but display formulas and whitespace. */
function displayOnly(paragraph: Paragraph): Math[] | undefined {
  const formulas: InlineMath[] = []
  for (const child of paragraph.children) {
    if (child.type === 'inlineMath' && isDisplayInlineMath(child)) formulas.push(child)
    else if (child.type === 'text' && child.value.trim() === '') continue
    else return undefined
  }
  if (formulas.length === 0) return undefined
  return formulas.map((formula) => ({
    type: 'math',
    meta: null,
    value: formula.value,
    position: formula.position,
    data: {
      hName: 'pre',
      hChildren: [
        {
          type: 'element',
          tagName: 'code',
          properties: { className: ['language-math', 'math-display'] },
          children: [{ type: 'text', value: formula.value }],
        },
      ],
    },
  }))
}
