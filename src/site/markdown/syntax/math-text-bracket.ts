/**
 * micromark text construct for `\(…\)` (inline) and `\[…\]` (display) — LaTeX's own delimiters.
 *
 * In CommonMark `\[` and `\(` are character escapes, so this construct is registered on `\` ahead of
 * `characterEscape` (micromark puts extension constructs before the built-in ones). Inside, a backslash always
 * pairs with the next character, so `\\]` is a row break followed by `]`, not a closer. Without a closer in the
 * same paragraph nothing happens: the text is parsed as usual (`\[` stays an escaped `[`).
 *
 * Inside link text, `\[` is always the escaped bracket it is in CommonMark: `[\[CVPR2025\] Paper](url)` is a
 * link whose text is `[CVPR2025] Paper`, as Obsidian and Hexo show it (display math cannot sit in a link anyway).
 * `\(…\)` stays inline math there.
 */

import type { Code, Construct, State, TokenizeContext, Tokenizer } from 'micromark-util-types'
import type {} from 'micromark-extension-math'
import { markdownLineEnding } from 'micromark-util-character'
import { codes, types } from 'micromark-util-symbol'

/** `\(…\)` and `\[…\]` inside a paragraph. */
export const mathTextBracket: Construct = {
  name: 'mathTextBracket',
  tokenize: tokenizeMathTextBracket,
}

function tokenizeMathTextBracket(
  this: TokenizeContext,
  effects: Parameters<Tokenizer>[0],
  ok: Parameters<Tokenizer>[1],
  nok: Parameters<Tokenizer>[2],
): State {
  const self = this
  // The closing bracket that matches the opening one: `)` for `\(`, `]` for `\[`.
  let closer: Code = codes.eof
  let empty = true

  return start

  function start(code: Code): State | undefined {
    effects.enter('mathText')
    effects.enter('mathTextSequence')
    effects.consume(code)
    return open
  }

  function open(code: Code): State | undefined {
    if (code === codes.leftParenthesis) closer = codes.rightParenthesis
    else if (code === codes.leftSquareBracket && !insideLabel(self)) closer = codes.rightSquareBracket
    else return nok(code)
    effects.consume(code)
    effects.exit('mathTextSequence')
    return between
  }

  function between(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    if (markdownLineEnding(code)) {
      effects.enter(types.lineEnding)
      effects.consume(code)
      effects.exit(types.lineEnding)
      return between
    }
    if (code === codes.backslash) return effects.check({ tokenize: tokenizeCloser, partial: true }, close, dataStart)(code)
    return dataStart(code)
  }

  function dataStart(code: Code): State | undefined {
    effects.enter('mathTextData')
    return data(code)
  }

  function data(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) {
      effects.exit('mathTextData')
      return between(code)
    }
    if (code === codes.backslash) {
      return effects.check({ tokenize: tokenizeCloser, partial: true }, dataThenClose, pair)(code)
    }
    if (code !== codes.space) empty = false
    effects.consume(code)
    return data
  }

  function pair(code: Code): State | undefined {
    empty = false
    effects.consume(code)
    return pairSecond
  }

  function pairSecond(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) return data(code)
    effects.consume(code)
    return data
  }

  function dataThenClose(code: Code): State | undefined {
    effects.exit('mathTextData')
    return close(code)
  }

  function close(code: Code): State | undefined {
    // `\(\)` and `\[ \]` are not formulas; keep them as escapes.
    if (empty) return nok(code)
    effects.enter('mathTextSequence')
    effects.consume(code)
    return closeBracket
  }

  function closeBracket(code: Code): State | undefined {
    effects.consume(code)
    effects.exit('mathTextSequence')
    effects.exit('mathText')
    return ok
  }

  function tokenizeCloser(
    this: TokenizeContext,
    effects: Parameters<Tokenizer>[0],
    ok: Parameters<Tokenizer>[1],
    nok: Parameters<Tokenizer>[2],
  ): State {
    return backslash
    // Only ever run as a check, so the token is thrown away; micromark needs one open to consume into.
    function backslash(code: Code): State | undefined {
      effects.enter('mathTextSequence')
      effects.consume(code)
      return bracket
    }
    function bracket(code: Code): State | undefined {
      if (code !== closer) return nok(code)
      effects.consume(code)
      effects.exit('mathTextSequence')
      return ok
    }
  }
}

/**
 * Whether the text at this point is inside an open `[` or `![` (micromark keeps the label starts that have not
 * been matched yet on `_labelStarts`; a `[` that failed to become a link is marked `_balanced`).
 */
function insideLabel(context: TokenizeContext): boolean {
  return context._labelStarts?.some((start) => !start._balanced) ?? false
}
