/**
 * Readies this thread's markdown pipeline before its first real note: a dev server renders a saved note on its
 * own thread, and the first rendering there otherwise pays for loading the pipeline's modules, Shiki's regex engine
 * and each language's grammar, and KaTeX's first formula (seconds, against tens of milliseconds afterwards).
 */
import { isDiagramKind } from '../diagrams/render.js';

/** Loads the pipeline and highlights one block in each of `languages` (fence samples: language → code). */
export async function warmRenderer(languages: ReadonlyMap<string, string>): Promise<void> {
  const [{ createMarkdownProcessor }, { highlight }] = await Promise.all([
    import('../markdown/processor.js'),
    import('../markdown/plugins/rehype-shiki-cached.js'),
  ]);
  for (const [lang, code] of languages) {
    // Diagrams are drawn, not highlighted; a failure here only means the real block will try again.
    if (lang !== 'math' && !isDiagramKind(lang)) await highlight(code, lang).catch(() => undefined);
  }
  const processor = createMarkdownProcessor({
    language: 'en',
    breaks: false,
    links: { notes: [], files: [], filesBase: '/files/' },
    katex: { macros: {}, preamble: '' },
  });
  await processor.render({ rel: 'warm.md', display: 'warm.md', body: 'A $x^2$ and\n\n$$\\sum_i x_i$$\n' }).catch(() => undefined);
}
