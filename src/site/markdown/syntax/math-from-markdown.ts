/**
 * mdast-util-from-markdown handlers turning the `mathFlow*` / `mathText*` tokens of danlu's math constructs into
 * mdast `math` and `inlineMath` nodes, with the same `data.hName`/`hChildren` that `mdast-util-math` sets, so
 * remark-rehype emits the standard `pre > code.language-math.math-display` and `code.language-math.math-inline`.
 *
 * Differences from `mdast-util-math`: every flow token after the opening sequence is TeX (no "meta"); `$$…$$` and
 * `\[…\]` inside a paragraph become `inlineMath` whose code element carries `math-display` (display mode inside
 * the paragraph); a flow block that never saw its closing fence is recorded in `unclosedMath`.
 */

import type { Element } from 'hast'
import type { CompileContext, Extension, Handle, Token } from 'mdast-util-from-markdown'
import type { InlineMath, Math } from 'mdast-util-math'

/** Display-math blocks whose closing fence is missing, so their content ran to the end of the container. */
export const unclosedMath = new WeakSet<Math>()

/** Whether an `inlineMath` node was written in a display form (`$$…$$`, `\[…\]`) inside a paragraph. */
export function isDisplayInlineMath(node: InlineMath): boolean {
  const props = node.data?.hProperties
  const className = props?.className
  return Array.isArray(className) && className.includes('math-display')
}

/** Build the from-markdown extension; state is per parse (one fence counter, reset at each block). */
export function mathFormsFromMarkdown(): Extension {
  let fences = 0

  const enterMathFlow: Handle = function (this: CompileContext, token: Token) {
    const code: Element = {
      type: 'element',
      tagName: 'code',
      properties: { className: ['language-math', 'math-display'] },
      children: [],
    }
    this.enter({ type: 'math', meta: null, value: '', data: { hName: 'pre', hChildren: [code] } }, token)
    this.buffer()
    fences = 0
  }

  const exitMathFlowFence: Handle = function () {
    fences++
  }

  const exitMathFlow: Handle = function (this: CompileContext, token: Token) {
    // Line endings next to the fences and spaces around the TeX carry no meaning for KaTeX.
    const value = this.resume().trim()
    const node = this.stack[this.stack.length - 1] as Math
    this.exit(token)
    node.value = value
    const code = node.data?.hChildren?.[0]
    if (code && code.type === 'element') code.children.push({ type: 'text', value })
    if (fences < 2) unclosedMath.add(node)
  }

  const enterMathText: Handle = function (this: CompileContext, token: Token) {
    this.enter({ type: 'inlineMath', value: '', data: { hName: 'code', hChildren: [] } }, token)
    this.buffer()
  }

  const exitMathText: Handle = function (this: CompileContext, token: Token) {
    const value = this.resume().trim()
    const node = this.stack[this.stack.length - 1] as InlineMath
    this.exit(token)
    const source = this.sliceSerialize(token)
    const display = source.startsWith('$$') || source.startsWith('\\[')
    node.value = value
    node.data = {
      hName: 'code',
      hProperties: { className: ['language-math', display ? 'math-display' : 'math-inline'] },
      hChildren: [{ type: 'text', value }],
    }
  }

  const exitMathData: Handle = function (this: CompileContext, token: Token) {
    this.config.enter.data!.call(this, token)
    this.config.exit.data!.call(this, token)
  }

  return {
    enter: { mathFlow: enterMathFlow, mathText: enterMathText },
    exit: {
      mathFlow: exitMathFlow,
      mathFlowFence: exitMathFlowFence,
      mathFlowValue: exitMathData,
      mathText: exitMathText,
      mathTextData: exitMathData,
    },
  }
}
