/**
 * micromark text construct for `$…$` (inline) and `$$…$$` (display inside a paragraph, as Obsidian renders it).
 *
 * Derived from `micromark-extension-math`'s `math-text.js` (MIT, Titus Wormer), with Pandoc's rule for single
 * dollars so that prices stay prose: an opening `$` must be followed by a non-space, and the first `$` after it
 * must follow a non-space and not be followed by a digit, else there is no math at all (`$5 and $10`,
 * `costs $3.` stay text). `\$` inside math is a TeX dollar and
 * never closes. The content is raw: markdown never touches `\\`, `_` or `*` in it. Two single-dollar formulas
 * written back to back (`$a$$b$`) are two formulas, not a `$$` in the middle of one.
 *
 * Code spans keep CommonMark's precedence over every other inline construct: a `$` inside a complete code span
 * never closes math opened before it (as an emphasis `*` inside one never closes emphasis), so
 * `$5 和 \`$x\` 以及 $10` is prose with a code span, not the math `5 和 \``. The code span's text stays part of
 * the TeX if the math does close after it; a backtick run with no matching run later is plain text.
 */

import type { Code, Construct, State, Token, TokenizeContext, Tokenizer } from 'micromark-util-types'
import type {} from 'micromark-extension-math'
import { asciiDigit, markdownLineEnding, markdownSpace } from 'micromark-util-character'
import { codes, types } from 'micromark-util-symbol'

/**
 * Inside math content: a whole code span (a backtick run, then text up to a run of the same length), consumed as
 * TeX. Fails when no closing run follows in the paragraph, so the caller can take the run as plain characters.
 */
const codeSpanInMath: Construct = { tokenize: tokenizeCodeSpanInMath, partial: true }

function tokenizeCodeSpanInMath(
  this: TokenizeContext,
  effects: Parameters<Tokenizer>[0],
  ok: Parameters<Tokenizer>[1],
  nok: Parameters<Tokenizer>[2],
): State {
  let sizeOpen = 0
  let size = 0
  return start

  function start(code: Code): State | undefined {
    effects.enter('mathTextData')
    return openRun(code)
  }

  function openRun(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      effects.consume(code)
      sizeOpen++
      return openRun
    }
    return inside(code)
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    if (markdownLineEnding(code)) {
      effects.exit('mathTextData')
      effects.enter(types.lineEnding)
      effects.consume(code)
      effects.exit(types.lineEnding)
      return nextLine
    }
    if (code === codes.graveAccent) {
      size = 0
      return closeRun(code)
    }
    effects.consume(code)
    return inside
  }

  // The data token of the next line starts with its first character (entered earlier, it would point into the
  // line ending's chunk and slice to nothing).
  function nextLine(code: Code): State | undefined {
    effects.enter('mathTextData')
    return inside(code)
  }

  function closeRun(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      effects.consume(code)
      size++
      return closeRun
    }
    if (size !== sizeOpen) return inside(code)
    effects.exit('mathTextData')
    return ok(code)
  }
}

/** `$…$` and `$$…$$` inside a paragraph. */
export const mathTextDollar: Construct = {
  name: 'mathTextDollar',
  tokenize: tokenizeMathTextDollar,
  previous,
}

function tokenizeMathTextDollar(
  this: TokenizeContext,
  effects: Parameters<Tokenizer>[0],
  ok: Parameters<Tokenizer>[1],
  nok: Parameters<Tokenizer>[2],
): State {
  let sizeOpen = 0
  let size = 0
  let token: Token | undefined
  // Whether the last character of the content was whitespace (a single `$` cannot close after it).
  let afterSpace = false

  return start

  function start(code: Code): State | undefined {
    effects.enter('mathText')
    effects.enter('mathTextSequence')
    return sequenceOpen(code)
  }

  function sequenceOpen(code: Code): State | undefined {
    if (code === codes.dollarSign) {
      effects.consume(code)
      sizeOpen++
      return sequenceOpen
    }
    // `$$$` and longer are not a math form anyone writes; leave them as text.
    if (sizeOpen > 2) return nok(code)
    if (sizeOpen === 1 && (code === codes.eof || markdownSpace(code) || markdownLineEnding(code))) {
      return nok(code)
    }
    effects.exit('mathTextSequence')
    return between(code)
  }

  function between(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    if (markdownLineEnding(code)) {
      effects.enter(types.lineEnding)
      effects.consume(code)
      effects.exit(types.lineEnding)
      afterSpace = true
      return between
    }
    if (code === codes.dollarSign) {
      token = effects.enter('mathTextSequence')
      size = 0
      return sequenceClose(code)
    }
    if (code === codes.graveAccent) return effects.attempt(codeSpanInMath, afterCodeSpan, backtickRun)(code)
    effects.enter('mathTextData')
    return data(code)
  }

  function afterCodeSpan(code: Code): State | undefined {
    afterSpace = false
    return between(code)
  }

  /** A backtick run that opens no code span: plain characters of the TeX, the whole run at once. */
  function backtickRun(code: Code): State | undefined {
    effects.enter('mathTextData')
    return run(code)
  }

  function run(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      effects.consume(code)
      return run
    }
    afterSpace = false
    return data(code)
  }

  function data(code: Code): State | undefined {
    if (code === codes.eof || code === codes.dollarSign || code === codes.graveAccent || markdownLineEnding(code)) {
      effects.exit('mathTextData')
      return between(code)
    }
    afterSpace = markdownSpace(code)
    effects.consume(code)
    return code === codes.backslash ? escaped : data
  }

  function escaped(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) return data(code)
    afterSpace = false
    effects.consume(code)
    return data
  }

  function sequenceClose(code: Code): State | undefined {
    // `$w^{i},$$\hat{x}$`: a single-dollar formula closed by the first `$` of a `$$` run, the second opening the
    // next formula, as Obsidian and MathJax read two formulas written back to back (see `previous`).
    if (code === codes.dollarSign && sizeOpen === 1 && size === 1 && !afterSpace) {
      effects.exit('mathTextSequence')
      effects.exit('mathText')
      return ok(code)
    }
    if (code === codes.dollarSign) {
      effects.consume(code)
      size++
      return sequenceClose
    }
    const closes = size === sizeOpen && (sizeOpen === 2 || (!afterSpace && !asciiDigit(code)))
    if (closes) {
      effects.exit('mathTextSequence')
      effects.exit('mathText')
      return ok(code)
    }
    // Pandoc: the first `$` after a single-dollar opening decides; if it cannot close (`$5 and $10`, `a $ b`),
    // there is no math here at all, so prices in prose stay text.
    if (sizeOpen === 1) return nok(code)
    // A run of the wrong length inside `$$…$$` is part of the TeX.
    if (token) token.type = 'mathTextData'
    afterSpace = false
    return data(code)
  }
}

/**
 * A `$` right after another `$` never starts math (that run is one sequence), unless the first was escaped or
 * closed the formula before it (`$a$$b$` is two formulas).
 * @this {TokenizeContext}
 */
function previous(this: TokenizeContext, code: Code): boolean {
  const tail = this.events[this.events.length - 1]
  return code !== codes.dollarSign || (tail !== undefined && (tail[1].type === types.characterEscape || tail[1].type === 'mathText'))
}
