/**
 * Throwaway benchmark: time to turn the seed note into HTML N times (default 1000) with
 *   plain      remark-math + rehype-katex (KaTeX HTML re-parsed into hast, no cache)
 *   forms+rk   remarkMathForms + rehype-katex (same formulas as danlu, still re-parsed)
 *   nocache    remarkMathForms + rehypeKatexCached, cache emptied before every note (raw insertion only)
 *   cached     remarkMathForms + rehypeKatexCached, warm cache (what a site build does with repeated formulas)
 *   nomath     remark-parse + remark-gfm + remark-rehype + rehype-stringify (the markdown cost alone)
 * and the math-only time (variant − nomath). Run: `npx tsx scripts/bench/math/run.ts [N] [seed.md]`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import rehypeKatex from 'rehype-katex'
import rehypeRaw from 'rehype-raw'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { clearKatexCache, rehypeKatexCached } from '../../../src/site/markdown/plugins/rehype-katex-cached.js'
import { remarkMathForms } from '../../../src/site/markdown/plugins/remark-math-forms.js'

const n = Number(process.argv[2] ?? 1000)
const seedPath =
  process.argv[3] ??
  [join(import.meta.dirname, '../../../../shared/seed/deep-learning-basics.md'), '/work/shared/seed/deep-learning-basics.md'].find(
    (p) => existsSync(p),
  )
if (!seedPath) throw new Error('seed note not found; pass its path as the second argument')
const body = readFileSync(seedPath, 'utf8').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, (b) => '\n'.repeat(b.split('\n').length - 1))

const rehypeOut = { allowDangerousHtml: true } as const
const variants = {
  nomath: unified().use(remarkParse).use(remarkGfm).use(remarkRehype, rehypeOut).use(rehypeRaw).use(rehypeStringify, rehypeOut),
  plain: unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkRehype, rehypeOut).use(rehypeRaw).use(rehypeKatex).use(rehypeStringify, rehypeOut),
  'forms+rk': unified().use(remarkParse).use(remarkGfm).use(remarkMathForms).use(remarkRehype, rehypeOut).use(rehypeRaw).use(rehypeKatex).use(rehypeStringify, rehypeOut),
  nocache: unified().use(remarkParse).use(remarkGfm).use(remarkMathForms).use(remarkRehype, rehypeOut).use(rehypeRaw).use(rehypeKatexCached).use(rehypeStringify, rehypeOut),
  cached: unified().use(remarkParse).use(remarkGfm).use(remarkMathForms).use(remarkRehype, rehypeOut).use(rehypeRaw).use(rehypeKatexCached).use(rehypeStringify, rehypeOut),
}
type Name = keyof typeof variants

function once(name: Name): string {
  if (name === 'nocache') clearKatexCache()
  return String(variants[name].processSync(new VFile({ value: body })))
}

function count(html: string) {
  return {
    display: (html.match(/class="katex-display"/g) ?? []).length,
    inline: (html.match(/class="katex"/g) ?? []).length - (html.match(/class="katex-display"/g) ?? []).length,
    errors: (html.match(/katex-error|math-error/g) ?? []).length,
  }
}

// The machine is shared (other builds and tests run beside this), so variants are interleaved note by note and
// timed by this process's CPU time (user + system), not wall time: contention then hits every variant alike.
const names = Object.keys(variants) as Name[]
const ms = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>
const found = Object.fromEntries(names.map((name) => [name, count(once(name))])) as Record<Name, ReturnType<typeof count>>
for (let i = 0; i < 30; i++) for (const name of names) once(name) // warm-up (JIT; fills the cache for `cached`)
for (let i = 0; i < n; i++) {
  for (const name of names) {
    const before = process.cpuUsage()
    once(name)
    const used = process.cpuUsage(before)
    ms[name] += (used.user + used.system) / 1000
  }
}
for (const name of names) {
  const c = found[name]
  console.log(
    `${name.padEnd(9)} ${(ms[name] / 1000).toFixed(2).padStart(7)} s CPU for ${n} notes  ${(ms[name] / n).toFixed(2).padStart(6)} ms/note` +
      `  typeset: ${c.display} display, ${c.inline} inline, ${c.errors} errors`,
  )
}
const math = (name: Name) => ms[name] - ms.nomath
console.log('\nmath-only time (variant − nomath) and ratio to plain remark-math + rehype-katex:')
for (const name of ['plain', 'forms+rk', 'nocache', 'cached'] as const) {
  const m = math(name)
  // A warm cache leaves almost no math work; below 2% of plain's it is within the noise of the subtraction.
  const mathRatio = m < 0.02 * math('plain') ? '≈0 ms (within noise)' : `×${(math('plain') / m).toFixed(1)}`
  console.log(
    `${name.padEnd(9)} math ${(Math.max(m, 0) / n).toFixed(2).padStart(6)} ms/note  (${mathRatio} vs plain)` +
      `  whole note ×${(ms.plain / ms[name]).toFixed(2)} vs plain`,
  )
}
