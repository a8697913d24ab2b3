// Throwaway: print each math fixture through a minimal pipeline (KaTeX markup abbreviated) for review.
import { readFileSync, readdirSync } from 'node:fs'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeRaw from 'rehype-raw'
import rehypeStringify from 'rehype-stringify'
import { VFile } from 'vfile'
import { remarkMathForms } from '../../../src/site/markdown/plugins/remark-math-forms.js'
import { rehypeKatexCached } from '../../../src/site/markdown/plugins/rehype-katex-cached.js'
const p = unified().use(remarkParse).use(remarkGfm).use(remarkMathForms).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw).use(rehypeKatexCached).use(rehypeStringify, { allowDangerousHtml: true })
const dir = 'test/fixtures/markdown'
for (const name of readdirSync(dir).filter((n) => n.startsWith('math-')).filter((n) => !process.argv[2] || n.includes(process.argv[2]))) {
  const src = readFileSync(`${dir}/${name}/input.md`, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, (m) => '\n'.repeat(m.split('\n').length - 1))
  const f = await p.process(new VFile({ value: src, path: name }))
  console.log('=====', name, JSON.stringify(f.data.math))
  console.log(String(f).replace(/<span class="katex-html"[\s\S]*?(?=<\/(span|div)>(\s|<\/p>|[^<]|$))/g, "…").replace(/<math[\s\S]*?<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation><\/semantics><\/math>/g, '[TEX:$1]'))
  for (const m of f.messages) console.log(`  ${m.line}:${m.column} ${m.ruleId} ${m.reason}`)
}
