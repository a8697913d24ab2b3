/**
 * The minimal pipeline the math tests run: parse, GFM, the math syntax, remark-rehype, raw HTML, the KaTeX
 * renderer, stringify — only the math plugins between markdown and HTML, so a failure points at them.
 */
import rehypeRaw from 'rehype-raw'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { rehypeKatexCached } from '../../src/site/markdown/plugins/rehype-katex-cached.js'
import { remarkMathForms } from '../../src/site/markdown/plugins/remark-math-forms.js'

/** Built once, shared by the math tests. */
export const mathProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMathForms)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeKatexCached)
  .use(rehypeStringify, { allowDangerousHtml: true })
  .freeze()

/** What the loader does: front matter becomes as many empty lines, so positions are source positions. */
export function blankFrontMatter(source: string): string {
  return source.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, (block) => '\n'.repeat(block.split('\n').length - 1))
}
