/**
 * The micromark syntax extension bundling danlu's math constructs: `$$`/`\[` display blocks (flow), and
 * `$…$`, `$$…$$`, `\(…\)`, `\[…\]` inside paragraphs (text). Used by `remarkMathForms`; it replaces
 * `micromark-extension-math` rather than adding to it, so there is exactly one reading of every `$`.
 */

import type { Extension } from 'micromark-util-types'
import { codes } from 'micromark-util-symbol'
import { mathFlowBracket, mathFlowDollar } from './math-flow.js'
import { mathTextBracket } from './math-text-bracket.js'
import { mathTextDollar } from './math-text-dollar.js'

/** Create the syntax extension (constructs are stateless; a fresh object keeps callers from sharing edits). */
export function mathForms(): Extension {
  return {
    flow: { [codes.dollarSign]: mathFlowDollar, [codes.backslash]: mathFlowBracket },
    // Extension constructs run before built-ins on the same character, so `\(`/`\[` win over `characterEscape`.
    text: { [codes.dollarSign]: mathTextDollar, [codes.backslash]: mathTextBracket },
  }
}
