/**
 * Renders a markdown source through the full processor the way the build does (front matter blanked so line
 * numbers are source lines), with a small fixed link table, for pipeline and fixture tests.
 */
import { parseSource } from '../../src/site/content/front-matter.js';
import type { LinkTable } from '../../src/site/markdown/links.js';
import { createMarkdownProcessor, type MarkdownProcessor, type NoteHtml, type ProcessorSettings } from '../../src/site/markdown/processor.js';

/** Notes every fixture can link to with `[[…]]`. */
export const fixtureLinks: LinkTable = {
  notes: [
    { rel: '深度学习基础/多层感知机与反向传播.md', title: '多层感知机与反向传播', url: '/2023/07/02/mlp/' },
    { rel: '模型/CNN/卷积神经网络.md', title: '卷积神经网络', url: '/2023/07/03/cnn/' },
    { rel: 'Note.md', title: 'Note', url: '/note/' },
    { rel: 'Other Note.md', title: 'Other Note', url: '/other-note/' },
  ],
  files: ['images/local-image.png', 'attachments/figure.svg'],
  filesBase: '/files/',
};

const processors = new Map<string, MarkdownProcessor>();

/**
 * Renders `source` (a whole note, front matter included) as if it lived at `rel`; `settings` override the
 * processor's defaults (a fixture's `options.json`).
 */
export async function renderNote(
  source: string,
  rel = 'fixture.md',
  language: 'zh-CN' | 'en' = 'zh-CN',
  settings: Partial<ProcessorSettings> = {},
): Promise<NoteHtml> {
  const key = JSON.stringify({ language, ...settings });
  let processor = processors.get(key);
  if (!processor) {
    processor = createMarkdownProcessor({ language, ...settings, links: fixtureLinks });
    processors.set(key, processor);
  }
  const parsed = parseSource(source, { file: rel, timezone: 'Asia/Shanghai', mtime: new Date(0) });
  const out = await processor.render({ rel, display: rel, body: parsed.body });
  return { ...out, messages: [...parsed.messages.filter((m) => m.rule !== 'front-matter-missing-date'), ...out.messages] };
}
