/**
 * micromark flow construct for display math fences, as people actually write them in Obsidian/Hexo notes.
 *
 * Derived from `micromark-extension-math`'s `math-flow.js` (MIT, Titus Wormer), changed so that:
 * - text on the OPENING fence line is TeX, not "meta" (`$$\begin{align*}` keeps its `\begin{align*}`);
 * - a content line that ENDS with the closing sequence closes the block (`\end{aligned}$$`); plain
 *   remark-math never closes there and swallows the rest of the document;
 * - an opening line that also contains the closing sequence (`$$x$$`, `$$a$$ and more`) is NOT a fence: the
 *   text constructs handle it (alone in its paragraph it becomes block display in `remarkMathForms`);
 * - `\[` alone on a line opens the same kind of block, closed by `\]` (on its own line or at a line's end).
 *
 * Tokens are the standard `mathFlow*` ones so `mathFormsFromMarkdown` can build mdast `math` nodes.
 */

import type { Code, Construct, State, TokenizeContext, Tokenizer } from 'micromark-util-types'
import type {} from 'micromark-extension-math'
import { factorySpace } from 'micromark-factory-space'
import { markdownLineEnding } from 'micromark-util-character'
import { codes, constants, types } from 'micromark-util-symbol'

/** Which pair of fences a math block uses. */
type FenceKind = 'dollar' | 'bracket'

/** `$$` … `$$` (two or more dollars; the closing run must be at least as long). */
export const mathFlowDollar: Construct = {
  name: 'mathFlowDollar',
  tokenize: createTokenizer('dollar'),
  concrete: true,
}

/** `\[` … `\]` as a block, when `\[` is alone on its line. */
export const mathFlowBracket: Construct = {
  name: 'mathFlowBracket',
  tokenize: createTokenizer('bracket'),
  concrete: true,
}

/** A line ending whose next line is not a lazy continuation (so a fence inside `>` stops at the quote's end). */
const nonLazyContinuation: Construct = { tokenize: tokenizeNonLazyContinuation, partial: true }

/** The tokenizer for one fence kind; `$$` and `\[` blocks differ only in their opening and closing sequences. */
function createTokenizer(kind: FenceKind): Tokenizer {
  return function tokenizeMathFlow(this: TokenizeContext, effects, ok, nok) {
    const self = this
    const tail = self.events[self.events.length - 1]
    // Indentation before the opening fence is stripped from content lines too (like fenced code).
    const initialSize =
      tail && tail[1].type === types.linePrefix ? tail[2].sliceSerialize(tail[1], true).length : 0
    let sizeOpen = 0
    let firstLine = true

    /** The closing sequence at the current point, followed only by whitespace up to the end of the line. */
    const closeAtEol: Construct = { tokenize: tokenizeCloser(true), partial: true }
    /** The closing sequence at the current point, whatever follows. */
    const closeAnywhere: Construct = { tokenize: tokenizeCloser(false), partial: true }
    /** A line that is only a closing fence (up to 3 spaces of indentation). */
    const closingLine: Construct = { tokenize: tokenizeClosingLine, partial: true }

    return start

    function start(code: Code): State | undefined {
      effects.enter('mathFlow')
      effects.enter('mathFlowFence')
      effects.enter('mathFlowFenceSequence')
      if (kind === 'dollar') return sequenceOpen(code)
      if (code !== codes.backslash) return nok(code)
      effects.consume(code)
      return bracketOpen
    }

    function sequenceOpen(code: Code): State | undefined {
      if (code === codes.dollarSign) {
        effects.consume(code)
        sizeOpen++
        return sequenceOpen
      }
      if (sizeOpen < 2) return nok(code)
      effects.exit('mathFlowFenceSequence')
      return factorySpace(effects, openAfter, types.whitespace)(code)
    }

    function bracketOpen(code: Code): State | undefined {
      if (code !== codes.leftSquareBracket) return nok(code)
      effects.consume(code)
      effects.exit('mathFlowFenceSequence')
      return factorySpace(effects, bracketOpenAfter, types.whitespace)(code)
    }

    // `\[` opens a block only when alone on its line: `\[x\]` and `\[1\] Smith` belong to the text construct,
    // and an unclosed `\[sic` must not swallow the rest of the note.
    function bracketOpenAfter(code: Code): State | undefined {
      if (code !== codes.eof && !markdownLineEnding(code)) return nok(code)
      return openAfter(code)
    }

    function openAfter(code: Code): State | undefined {
      effects.exit('mathFlowFence')
      if (code === codes.eof || markdownLineEnding(code)) return lineDone(code)
      effects.enter('mathFlowValue')
      return chunk(code)
    }

    /** Inside a content line (a `mathFlowValue` token is open). */
    function chunk(code: Code): State | undefined {
      if (code === codes.eof || markdownLineEnding(code)) {
        effects.exit('mathFlowValue')
        return lineDone(code)
      }
      if (code === (kind === 'dollar' ? codes.dollarSign : codes.backslash)) {
        return effects.check(closeAtEol, closeHere, notCloser)(code)
      }
      if (code === codes.backslash) {
        // `\$` is a TeX dollar, never part of a closing sequence.
        effects.consume(code)
        return escaped
      }
      effects.consume(code)
      return chunk
    }

    function escaped(code: Code): State | undefined {
      if (code === codes.eof || markdownLineEnding(code)) return chunk(code)
      effects.consume(code)
      return chunk
    }

    function notCloser(code: Code): State | undefined {
      // On the opening line, a closing sequence followed by more text means inline math (`$$a$$ is …`).
      if (firstLine) return effects.check(closeAnywhere, nok, contentChar)(code)
      return contentChar(code)
    }

    function contentChar(code: Code): State | undefined {
      effects.consume(code)
      // For `\[` blocks a backslash starts a pair (`\\`, `\]`), so consume what follows it verbatim.
      return kind === 'bracket' ? escaped : chunk
    }

    /** Closing sequence at the end of a content line. */
    function closeHere(code: Code): State | undefined {
      // `$$x$$` on one line is the text construct's business (it may sit inside a sentence).
      if (firstLine) return nok(code)
      effects.exit('mathFlowValue')
      effects.enter('mathFlowFence')
      effects.enter('mathFlowFenceSequence')
      return closeSequence(code)
    }

    function closeSequence(code: Code): State | undefined {
      if (code === codes.dollarSign || code === codes.backslash || code === codes.rightSquareBracket) {
        // `closeAtEol` already proved the run is a valid closer ending the line, so take it all.
        effects.consume(code)
        return closeSequence
      }
      effects.exit('mathFlowFenceSequence')
      return factorySpace(effects, closeAfter, types.whitespace)(code)
    }

    function closeAfter(code: Code): State | undefined {
      effects.exit('mathFlowFence')
      return after(code)
    }

    /** At the end of a line (eol or eof), after any content token was exited. */
    function lineDone(code: Code): State | undefined {
      // When interrupting a paragraph, micromark only asks whether a block starts here.
      if (self.interrupt) return ok(code)
      firstLine = false
      if (code === codes.eof) return after(code)
      return effects.attempt(nonLazyContinuation, lineStart, after)(code)
    }

    function lineStart(code: Code): State | undefined {
      return effects.attempt(closingLine, after, contentStart)(code)
    }

    function contentStart(code: Code): State | undefined {
      return (
        initialSize
          ? factorySpace(effects, beforeChunk, types.linePrefix, initialSize + 1)
          : beforeChunk
      )(code)
    }

    function beforeChunk(code: Code): State | undefined {
      if (code === codes.eof) return after(code)
      if (markdownLineEnding(code)) return effects.attempt(nonLazyContinuation, lineStart, after)(code)
      effects.enter('mathFlowValue')
      return chunk(code)
    }

    function after(code: Code): State | undefined {
      effects.exit('mathFlow')
      return ok(code)
    }

    function tokenizeCloser(atEol: boolean): Tokenizer {
      return function (effects, ok, nok) {
        let size = 0
        // Only ever run as a check, so the token is thrown away; micromark needs one open to consume into.
        return function (code: Code): State | undefined {
          effects.enter('mathFlowFenceSequence')
          return kind === 'dollar' ? dollars(code) : backslash(code)
        }

        function dollars(code: Code): State | undefined {
          if (code === codes.dollarSign) {
            effects.consume(code)
            size++
            return dollars
          }
          return size >= sizeOpen ? end(code) : nok(code)
        }

        function backslash(code: Code): State | undefined {
          if (code !== codes.backslash) return nok(code)
          effects.consume(code)
          return bracket
        }

        function bracket(code: Code): State | undefined {
          if (code !== codes.rightSquareBracket) return nok(code)
          effects.consume(code)
          return end
        }

        function end(code: Code): State | undefined {
          effects.exit('mathFlowFenceSequence')
          if (!atEol) return ok(code)
          return factorySpace(effects, eol, types.whitespace)(code)
        }

        function eol(code: Code): State | undefined {
          return code === codes.eof || markdownLineEnding(code) ? ok(code) : nok(code)
        }
      }
    }

    function tokenizeClosingLine(
      this: TokenizeContext,
      effects: Parameters<Tokenizer>[0],
      ok: Parameters<Tokenizer>[1],
      nok: Parameters<Tokenizer>[2],
    ): State {
      const disabled = self.parser.constructs.disable.null ?? []
      let size = 0
      return factorySpace(
        effects,
        beforeSequence,
        types.linePrefix,
        disabled.includes('codeIndented') ? undefined : constants.tabSize,
      )

      function beforeSequence(code: Code): State | undefined {
        effects.enter('mathFlowFence')
        effects.enter('mathFlowFenceSequence')
        if (kind === 'dollar') return dollars(code)
        if (code !== codes.backslash) return nok(code)
        effects.consume(code)
        return bracket
      }

      function dollars(code: Code): State | undefined {
        if (code === codes.dollarSign) {
          effects.consume(code)
          size++
          return dollars
        }
        return size >= sizeOpen ? sequenceAfter(code) : nok(code)
      }

      function bracket(code: Code): State | undefined {
        if (code !== codes.rightSquareBracket) return nok(code)
        effects.consume(code)
        return sequenceAfter
      }

      function sequenceAfter(code: Code): State | undefined {
        effects.exit('mathFlowFenceSequence')
        return factorySpace(effects, lineEnd, types.whitespace)(code)
      }

      function lineEnd(code: Code): State | undefined {
        if (code === codes.eof || markdownLineEnding(code)) {
          effects.exit('mathFlowFence')
          return ok(code)
        }
        return nok(code)
      }
    }
  }
}

function tokenizeNonLazyContinuation(
  this: TokenizeContext,
  effects: Parameters<Tokenizer>[0],
  ok: Parameters<Tokenizer>[1],
  nok: Parameters<Tokenizer>[2],
): State {
  const self = this
  return start

  function start(code: Code): State | undefined {
    if (code === codes.eof) return ok(code)
    effects.enter(types.lineEnding)
    effects.consume(code)
    effects.exit(types.lineEnding)
    return lineStart
  }

  function lineStart(code: Code): State | undefined {
    return self.parser.lazy[self.now().line] ? nok(code) : ok(code)
  }
}
