/**
 * rehypeKatexCached — typesets every `code.language-math` element with KaTeX at build time (replaces
 * rehype-katex).
 *
 * Why not rehype-katex: it parses KaTeX's HTML string back into a hast tree (6–8 ms per note) only for
 * rehype-stringify to print it again. Here KaTeX's string goes in as a hast `raw` node (this plugin runs after
 * rehype-raw, and rehype-stringify runs with `allowDangerousHtml`), and renders are cached per (mode, TeX) for
 * the whole process, since notes repeat the same formulas.
 *
 * Output is `htmlAndMathml`: KaTeX's HTML is visual only (`aria-hidden`), while the MathML copy is what screen
 * readers and copy/paste read; `html` alone would leave formulas mute to assistive technology. The extra bytes
 * are the price of accessibility.
 *
 * Contract:
 * - input: `pre > code.language-math.math-display` (block), `code.language-math.math-display` inside a
 *   paragraph (display formula within a sentence), `code.language-math.math-inline`;
 * - output: `<div class="math math-display">` (block; scrolls horizontally in the theme),
 *   `<span class="math math-display">` (display inside a paragraph), `<span class="math math-inline">`;
 * - TeX KaTeX cannot parse: warning `katex-parse` at the formula with KaTeX's reason, and a visible
 *   `<span class="math-error" role="img" aria-label="…">` showing the TeX;
 * - KaTeX strict-mode notes: warning `katex-<code>` (e.g. `katex-unicodeTextInMathMode`), formula still renders;
 * - `file.data.math = { inline, display, errors }`.
 *
 * Options: the site's macros and preamble (`katex-macros.ts`), applied to every formula; `\ce`/`\pu` (mhchem)
 * always. Each render gets its own copy of the macro table, so a `\gdef` in one formula never reaches another
 * (renders are cached, and which formula ran first must not matter). The cache is keyed by the macro set too.
 */

import type { Element, ElementContent, Root } from 'hast'
import type { Raw } from 'mdast-util-to-hast'
import type { Position } from 'unist'
import type { VFile } from 'vfile'
import katex from 'katex'
import { SKIP, visit } from '../walk.js'
import { buildMacroTable, type KatexMacroSettings, type MacroTable } from './katex-macros.js'

/** Formula counts of one note, by how they were typeset. */
export interface MathCounts {
  /** Formulas typeset inline. */
  inline: number
  /** Formulas typeset in display mode (blocks, and display formulas inside paragraphs). */
  display: number
  /** Formulas KaTeX could not parse (shown as error boxes). */
  errors: number
}

declare module 'vfile' {
  interface DataMap {
    /** Set by `rehypeKatexCached`. */
    math: MathCounts
  }
}

/** A strict-mode note KaTeX made while rendering a formula. */
interface StrictNote {
  code: string
  message: string
}

/** One cached render: the HTML, the mode actually used, and what KaTeX had to say. */
interface Render {
  html: string
  display: boolean
  notes: StrictNote[]
  error?: string
}

/** Renders by `macro set + NUL + mode + NUL + TeX`; bounded so a huge site cannot grow it without limit. */
const cache = new Map<string, Render>()
const cacheLimit = 50_000

/** How often KaTeX actually ran and how often the cache answered, since the last `clearKatexCache()`. */
const stats = { renders: 0, hits: 0 }

/** Empty the render cache and its counters (tests, benchmarks). */
export function clearKatexCache(): void {
  cache.clear()
  stats.renders = 0
  stats.hits = 0
}

/** Cache counters: `renders` = KaTeX calls, `hits` = formulas served from the cache, `size` = entries. */
export function katexCacheStats(): { renders: number; hits: number; size: number } {
  return { ...stats, size: cache.size }
}

/** How to fix the strict-mode notes writers actually hit. */
const strictHints: Record<string, string> = {
  unicodeTextInMathMode: 'wrap words in \\text{…} so KaTeX typesets them as text',
  newLineInDisplayMode: 'put the rows in \\begin{aligned}…\\end{aligned} (or gathered) to break lines',
  unknownSymbol: 'use a TeX command for the symbol, or wrap it in \\text{…}',
  commentAtEnd: 'a `%` comment at the end of a formula hides what follows; remove it or end it with a line break',
}

/** A small number per distinct macro set seen in this process: the cache-key prefix of its renders. */
const macroSetIds = new Map<string, number>()

/** The macros every formula of one processor is typeset with, built once; a failure is reported per note. */
interface Macros {
  id: number
  table: MacroTable
  error?: string
}

function macrosFor(settings: KatexMacroSettings | undefined): Macros {
  const none = !settings || (Object.keys(settings.macros).length === 0 && !settings.preamble.trim())
  const json = none ? '' : JSON.stringify([Object.entries(settings.macros).sort(), settings.preamble])
  let id = macroSetIds.get(json)
  if (id === undefined) macroSetIds.set(json, (id = macroSetIds.size))
  if (none) return { id, table: {} }
  try {
    return { id, table: buildMacroTable(settings) }
  } catch (error) {
    // The config check refuses these first; this is for settings handed over directly (tests, the API).
    return { id, table: {}, error: error instanceof Error ? error.message : String(error) }
  }
}

/** Unified plugin: typeset `code.language-math` with KaTeX; see the module comment for the contract. */
export function rehypeKatexCached(settings?: KatexMacroSettings): (tree: Root, file: VFile) => undefined {
  const macros = macrosFor(settings)
  return function transform(tree, file) {
    const counts: MathCounts = { inline: 0, display: 0, errors: 0 }
    if (macros.error !== undefined) {
      file.message(`the site's KaTeX macros could not be read (${macros.error}); formulas are typeset without them`, {
        ruleId: 'katex-macros',
        source: 'danlu',
      })
    }

    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined) return
      let code: Element | undefined
      let block = false
      let place: Position | undefined
      if (node.tagName === 'pre') {
        const only = node.children.length === 1 ? node.children[0] : undefined
        if (!only || only.type !== 'element' || !isMath(only)) return
        code = only
        block = true
        // remark-rehype puts the mdast position on the `pre`; the code child made from `hChildren` has none.
        place = node.position ?? only.position
      } else if (isMath(node)) {
        code = node
        place = node.position
      } else {
        return
      }

      const tex = textOf(code)
      const wantDisplay = classes(code).includes('math-display')
      const render = renderMath(tex, wantDisplay, macros)
      if (render.display) counts.display++
      else counts.inline++

      if (render.error !== undefined) {
        counts.errors++
        file.message(
          `KaTeX could not typeset this formula: ${render.error}; the page shows the TeX as written until it is fixed`,
          { place, ruleId: 'katex-parse', source: 'danlu' },
        )
      }
      for (const note of groupNotes(render.notes)) {
        const hint = strictHints[note.code]
        file.message(`KaTeX: ${note.message}${hint ? `; ${hint}` : ''}`, {
          place,
          ruleId: `katex-${note.code}`,
          source: 'danlu',
        })
      }

      const raw: Raw = { type: 'raw', value: render.html }
      const wrapper: Element = {
        type: 'element',
        tagName: block ? 'div' : 'span',
        properties: { className: ['math', render.display ? 'math-display' : 'math-inline'] },
        children: [raw as unknown as ElementContent],
        position: place,
      }
      parent.children[index] = wrapper
      return [SKIP, index + 1]
    })

    file.data.math = counts
    return undefined
  }
}

/** Render through the cache. A display environment inside `$…$` is retried (and cached) in display mode. */
function renderMath(tex: string, display: boolean, macros: Macros): Render {
  const key = `${macros.id}\0${display ? 'D' : 'I'}\0${tex}`
  const hit = cache.get(key)
  if (hit) {
    stats.hits++
    return hit
  }
  let render = renderUncached(tex, display, macros.table)
  // KaTeX refuses `align`, `equation`, `gather`… in inline mode ("can be used only in display mode"); writers
  // put them in `$…$` anyway and Obsidian shows them, so typeset them as display instead of failing.
  if (!display && render.error !== undefined && /only in display mode/.test(render.error)) {
    render = renderMath(tex, true, macros)
  }
  if (cache.size >= cacheLimit) {
    const oldest = cache.keys().next()
    if (!oldest.done) cache.delete(oldest.value)
  }
  cache.set(key, render)
  return render
}

function renderUncached(tex: string, display: boolean, macros: MacroTable): Render {
  stats.renders++
  const notes: StrictNote[] = []
  try {
    const html = katex.renderToString(tex, {
      displayMode: display,
      output: 'htmlAndMathml',
      throwOnError: true,
      // A copy per formula: KaTeX writes `\gdef`s into the table it is given.
      macros: { ...macros },
      // No `\href`, `\url`, `\htmlClass`…: notes are content, and KaTeX output goes into pages unfiltered.
      trust: false,
      // Bounds on what one formula may cost: `\rule{1000000em}{…}` or `\kern` sizes are capped at 50em, and
      // macros expand at most 1000 times (KaTeX's default, written out: `\def\a{\a\a}\a` is refused, not run).
      maxSize: 50,
      maxExpand: 1000,
      // Collect strict-mode notes as warnings for the build report; never fail or console.warn on them.
      strict: (errorCode, errorMsg) => {
        notes.push({ code: errorCode, message: wholeCharacters(errorMsg, tex) })
        return 'ignore'
      },
    })
    return { html, display, notes }
  } catch (error) {
    const reason = error instanceof katex.ParseError ? withExcerpt(tex, error) : String(error)
    return { html: errorBox(tex, reason, display), display, notes, error: reason }
  }
}

/**
 * KaTeX names a character outside the Basic Multilingual Plane (𝜆, U+1D706, pasted from a PDF) by its first
 * UTF-16 half — `"\ud835" (55349)` — which prints as "�". Each lone high surrogate in the message is replaced by
 * the whole character it starts in the TeX, and its decimal code by the character's U+ code point.
 */
function wholeCharacters(message: string, tex: string): string {
  return message.replace(/([\ud800-\udbff])(?![\udc00-\udfff])(?:"? \((\d+)\))?/g, (all, high: string) => {
    const at = tex.indexOf(high)
    const cp = at >= 0 ? tex.codePointAt(at) : undefined
    if (cp === undefined || cp < 0x10000) return all
    const code = `U+${cp.toString(16).toUpperCase()}`
    return all.includes('(') ? `${String.fromCodePoint(cp)}" (${code})` : `${String.fromCodePoint(cp)} (${code})`
  })
}

/** KaTeX's reason plus the TeX just before the failure, so the spot is easy to find in a long `align` block. */
function withExcerpt(tex: string, error: InstanceType<typeof katex.ParseError>): string {
  if (typeof error.position !== 'number') return error.rawMessage
  const end = error.position + Math.max(error.length ?? 0, 0)
  const from = Math.max(0, end - 24)
  const excerpt = tex.slice(from, end).replace(/\s+/g, ' ')
  return `${error.rawMessage} (after "${from > 0 ? '…' : ''}${excerpt}")`
}

/** The TeX, visible, in a box the theme styles as an error; the reason is in the tooltip. */
function errorBox(tex: string, reason: string, display: boolean): string {
  const label = `Formula KaTeX could not typeset: ${tex}`
  const source = display ? `$$${tex}$$` : `$${tex}$`
  return (
    `<span class="math-error" role="img" aria-label="${escapeHtml(label)}" title="${escapeHtml(reason)}">` +
    `<code>${escapeHtml(source)}</code></span>`
  )
}

/** One note per code per formula: KaTeX reports every Chinese character separately. */
function groupNotes(notes: StrictNote[]): StrictNote[] {
  const byCode = new Map<string, string[]>()
  for (const note of notes) {
    const list = byCode.get(note.code) ?? []
    if (!list.includes(note.message)) list.push(note.message)
    byCode.set(note.code, list)
  }
  return [...byCode].map(([code, messages]) => ({
    code,
    message: messages.length === 1 ? messages[0]! : `${messages[0]} (and ${messages.length - 1} more like it)`,
  }))
}

function isMath(node: Element): boolean {
  return node.tagName === 'code' && classes(node).includes('language-math')
}

function classes(node: Element): string[] {
  const value: unknown = node.properties.className
  if (Array.isArray(value)) return value.map(String)
  return typeof value === 'string' ? value.split(/\s+/) : []
}

function textOf(node: Element): string {
  let text = ''
  for (const child of node.children) if (child.type === 'text') text += child.value
  return text
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
