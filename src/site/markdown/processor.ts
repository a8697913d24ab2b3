/**
 * The markdown processor: one unified pipeline, built once, that every note runs through. The stage order is
 * written out top to bottom here and nowhere else (as in Astro's createMarkdownProcessor). Stages talk through
 * data — class names, `file.data`, vfile messages — so each plugin can be swapped or tested alone.
 */
import GithubSlugger from 'github-slugger';
import type { Element, Root, RootContent } from 'hast';
import type { Raw } from 'mdast-util-to-hast';
import { toHtml } from 'hast-util-to-html';
import remarkRehype from 'remark-rehype';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { DemoType } from '../../demos/config.js';
import type { Message } from '../messages.js';
import { fromVFileMessage } from '../messages.js';
import type { TocEntry } from '../render/context.js';
import { contentPathOf, createLinkResolver, type LinkTable } from './links.js';
import { rehypeExternalLinkTarget, type ExternalLinkTargetOptions } from './plugins/rehype-external-link-target.js';
import { rehypeHeadingIds } from './plugins/rehype-heading-ids.js';
import { remarkAutolinkCjkEnd } from './plugins/remark-autolink-cjk-end.js';
import { remarkGfmPrechecks } from './plugins/remark-gfm-prechecks.js';
import { remarkAutolinkLiteralGuard } from './plugins/remark-autolink-literal-guard.js';
import { rehypeKatexCached } from './plugins/rehype-katex-cached.js';
import type { KatexMacroSettings } from './plugins/katex-macros.js';
import { rehypeDiagramFit } from './plugins/rehype-diagram-fit.js';
import { rehypeFirstImage } from './plugins/rehype-first-image.js';
import { rehypeLeadText } from './plugins/rehype-lead-text.js';
import { rehypeMathPunctuation } from './plugins/rehype-math-punctuation.js';
import { MORE_MARKER, rehypeMoreMarker } from './plugins/rehype-more-marker.js';
import { rehypeNoteLinks } from './plugins/rehype-note-links.js';
import { rehypeScrollWrappers } from './plugins/rehype-scroll-wrappers.js';
import { rehypeNoteAssets } from './plugins/rehype-note-assets.js';
import { rehypeRawWhenNeeded } from './plugins/rehype-raw-when-needed.js';
import { rehypeShikiCached } from './plugins/rehype-shiki-cached.js';
import { remarkBreaksLinear } from './plugins/remark-breaks-linear.js';
import { remarkCallout } from './plugins/remark-callout.js';
import { remarkCjkSoftBreak } from './plugins/remark-cjk-soft-break.js';
import { remarkDemo } from './plugins/remark-demo.js';
import { remarkDiagram } from './plugins/remark-diagram.js';
import type { DiagramStore } from '../diagrams/render.js';
import { remarkHexoNoteTag } from './plugins/remark-hexo-note-tag.js';
import { remarkHighlightMark } from './plugins/remark-highlight-mark.js';
import { remarkImageSize } from './plugins/remark-image-size.js';
import { remarkMathForms } from './plugins/remark-math-forms.js';
import { remarkNestShortIndentLists } from './plugins/remark-nest-short-indent-lists.js';
import { remarkWikilink } from './plugins/remark-wikilink.js';
import { renderGuarded } from './render-guard.js';
import { textStats } from './text-stats.js';
import { visit } from './walk.js';
import { pieceText } from '../build/rope.js';

/** What the processor needs to know about the site. */
export interface ProcessorOptions {
  language: 'zh-CN' | 'en';
  links: LinkTable;
  /**
   * A single newline inside a paragraph is a line break, as Obsidian (strict line breaks off) and Hexo's marked and
   * kramed renderers show it (default). Off: CommonMark's soft break, and a newline between two CJK characters
   * adds no space.
   */
  breaks?: boolean;
  /** Links to other hosts open in a new tab, as Hexo's `external_link`; absent: links are left as written. */
  externalLink?: ExternalLinkTargetOptions | undefined;
  /** The site's KaTeX macros and preamble text (config `katex`), applied to every formula. */
  katex?: KatexMacroSettings | undefined;
  /** Where diagrams drawn by earlier builds are kept (diagrams/render.ts); changes nothing a note renders to. */
  diagramStore?: DiagramStore | undefined;
}

/**
 * Every setting a render depends on besides the link table and the note itself: what a render-cache key must
 * include (`renderKey`), so changing any of them renders again.
 */
export type ProcessorSettings = Omit<ProcessorOptions, 'links' | 'diagramStore'>;

/** A note to render: its body (front matter blanked, positions kept) and where it lives. */
export interface RenderInput {
  /** Path inside the content folder. */
  rel: string;
  /** Path for messages. */
  display: string;
  body: string;
}

/** A rendered note: HTML plus everything the site model and the reporter need. Plain data (worker-safe). */
export interface NoteHtml {
  /** The body. (The build keeps the pieces it was made or stored as beside it: build/note-codec.ts.) */
  html: string;
  /** HTML up to `<!-- more -->`, when the note has one. */
  moreHtml: string | undefined;
  /** HTML of the first paragraph, the last excerpt fallback. */
  firstParagraphHtml: string | undefined;
  /** Whether the body holds more than its first paragraph: a list showing only that paragraph links on to the rest. */
  moreThanFirstParagraph: boolean;
  /**
   * Whether the note's own excerpt (up to `<!-- more -->`, else the first paragraph) holds KaTeX output: a list
   * page showing it needs KaTeX's stylesheet. Known here, so no one searches the excerpt's HTML for it later.
   */
  excerptHasMath: boolean;
  toc: TocEntry[];
  math: { inline: number; display: number; errors: number };
  /** Diagrams drawn for this note: kind, render time (ms) and whether the in-process cache served it. */
  diagrams: Array<{ kind: string; ms: number; cached: boolean }>;
  /**
   * The live-demo types the note's ```` ```demo ```` figures use, each once in document order (absent or empty:
   * none). A page gets the demo script only when this is non-empty.
   */
  demos?: DemoType[];
  assets: string[];
  /**
   * Paths (inside the content folder) of the other notes this note links to, each once (absent on renderings
   * cached before it was recorded: none). The site model turns them into backlinks and link previews.
   */
  links?: string[];
  /** Footnote references in the note (a page with any gets the preview script). */
  footnotes?: number;
  /** `src` of the note's first image as published, for `og:image`; absent when it has none. */
  image?: string;
  /** Plain text of the first paragraph, math as TeX: what a link preview shows of this note. */
  lead?: string;
  wordCount: number;
  readingMinutes: number;
  /** Plain prose for the search index. */
  text: string;
  /**
   * The code blocks Shiki highlighted, `[language, code]` in document order (absent: none): a later rendering of
   * the same note on another thread or process takes their HTML from this one (rehype-shiki-cached `seedHighlights`).
   */
  highlighted?: Array<[string, string]>;
  messages: Message[];
}

/** A built processor; `render` may be called for any number of notes. */
export interface MarkdownProcessor {
  render(input: RenderInput): Promise<NoteHtml>;
  /**
   * Like `render`, plus the note's HTML as the pieces it was built from (one per top-level node, each small).
   * `note.html` is those pieces joined with `+`, which V8 keeps as a rope: no flat copy of the whole body is made
   * here, and the codec encodes piece by piece. Why it matters: a flat string over ~64K UTF-16 units goes to
   * V8's large-object space, and each such allocation measured ~1 ms on the build VM against ~0.01 ms below that
   * size (page faults, and contention between worker threads on one address space).
   */
  renderParts(input: RenderInput): Promise<{ note: NoteHtml; htmlParts: string[] }>;
}

const stringifyOptions = { allowDangerousHtml: true } as const;

/** An element of KaTeX's output (rehype-katex-cached inserts `<span class="katex…">`). */
const KATEX_CLASS = /class="[^"]*\bkatex\b/;

/** Builds the pipeline once. */
export function createMarkdownProcessor(options: ProcessorOptions): MarkdownProcessor {
  const links = createLinkResolver(options.links);
  const lang = options.language === 'en' ? 'en' : 'zh';
  // Wikilinks and post_link resolve as Obsidian does; the note's own place says which vault-root paths reach it.
  const noteFor = (target: string, file: VFile) => links.note(target, contentPathOf(file.path, file.data.noteRel));
  const processor = unified()
    // markdown → mdast: syntax first, then the Obsidian/Hexo forms, then build-time diagrams
    .use(remarkParse)
    // `1e-4~1e-5` is a range, not strikethrough: only `~~…~~` strikes, as in Obsidian
    .use(remarkGfm, { singleTilde: false })
    .use(remarkGfmPrechecks)
    .use(remarkNestShortIndentLists)
    .use(remarkAutolinkLiteralGuard)
    .use(remarkAutolinkCjkEnd)
    .use(remarkMathForms)
    .use(remarkHexoNoteTag, { language: lang, resolve: noteFor })
    .use(remarkCallout, { language: lang })
    .use(remarkWikilink, { resolve: noteFor, slug: (h: string) => new GithubSlugger().slug(h) })
    .use(remarkHighlightMark)
    .use(remarkImageSize)
    // after every plugin that finds its syntax in text by source position: these split and rewrite text nodes
    .use(options.breaks === false ? remarkCjkSoftBreak : remarkBreaksLinear)
    .use(remarkDiagram, { store: options.diagramStore })
    // ```demo blocks: a static figure now, the live demo once the page's demo script runs
    .use(remarkDemo, { language: lang })
    // mdast → hast; raw HTML is parsed once, before the renderers insert their finished HTML
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeMoreMarker)
    .use(rehypeRawWhenNeeded)
    .use(rehypeHeadingIds)
    .use(rehypeNoteAssets, { links })
    .use(rehypeExternalLinkTarget, options.externalLink)
    .use(rehypeKatexCached, options.katex)
    .use(rehypeShikiCached)
    // reader features: what the note links to, its social-card image, and boxes that fit a phone
    .use(rehypeNoteLinks, { links: options.links })
    .use(rehypeFirstImage)
    .use(rehypeLeadText)
    .use(rehypeScrollWrappers, { language: lang })
    .use(rehypeDiagramFit, { language: lang })
    .use(rehypeMathPunctuation)
    .freeze();

  const renderUnguarded: MarkdownProcessor['renderParts'] = async (input) => {
    const file = new VFile({ path: input.display, value: input.body, data: { noteRel: input.rel } });
    const tree = (await processor.run(processor.parse(file), file)) as Root;
    // Serialised node by node (what toHtml does for a root, minus its one big join), then cut at the marker.
    const perNode = tree.children.map(serializeSplicingRaw);
    const moreAt = tree.children.findIndex((c) => c.type === 'comment' && c.value === MORE_MARKER);
    const htmlParts = moreAt < 0 ? perNode.flat() : [...perNode.slice(0, moreAt).flat(), ...dropLeadingNewline(perNode.slice(moreAt + 1).flat())];
    // The first paragraph's HTML is its piece: serialised once.
    const firstP = moreAt >= 0 ? -1 : tree.children.findIndex((c) => c.type === 'element' && (c as Element).tagName === 'p');
    const stats = textStats(tree);
    const math = (file.data.math as NoteHtml['math'] | undefined) ?? { inline: 0, display: 0, errors: 0 };
    const excerptPieces = moreAt >= 0 ? perNode.slice(0, moreAt).flat() : firstP >= 0 ? (perNode[firstP] ?? []) : [];
    const html = pieceText(htmlParts);
    const firstParagraphHtml = firstP >= 0 ? pieceText(perNode[firstP] ?? []) : undefined;
    const note: NoteHtml = {
      html,
      moreHtml: moreAt >= 0 ? trimEndParts(perNode.slice(0, moreAt).map(pieceText)) : undefined,
      firstParagraphHtml,
      // The paragraph is one of the body's pieces, so a shorter one is a part of it.
      moreThanFirstParagraph: (firstParagraphHtml?.length ?? 0) < html.length,
      excerptHasMath: excerptPieces.some((piece) => KATEX_CLASS.test(piece)),
      toc: file.data.toc ?? [],
      math: { inline: math.inline, display: math.display, errors: math.errors },
      diagrams: (file.data.diagrams ?? []).map((d) => ({ kind: d.kind, ms: Math.round(d.ms * 100) / 100, cached: d.cached })),
      assets: file.data.assets ?? [],
      demos: file.data.demos ?? [],
      links: file.data.links ?? [],
      footnotes: file.data.footnotes ?? 0,
      ...(file.data.image !== undefined ? { image: file.data.image } : {}),
      ...(file.data.lead !== undefined ? { lead: file.data.lead } : {}),
      ...(file.data.highlighted ? { highlighted: file.data.highlighted } : {}),
      wordCount: stats.wordCount,
      readingMinutes: stats.readingMinutes,
      text: stats.text,
      messages: file.messages.map((m) => fromVFileMessage(input.display, m)),
    };
    return { note, htmlParts };
  };
  // A note that cannot be rendered (over the limits, or a plugin throws) is an error at its place; the rest build.
  const renderParts: MarkdownProcessor['renderParts'] = (input) => renderGuarded(input, renderUnguarded);
  return {
    renderParts,
    render: async (input) => (await renderParts(input)).note,
  };
}

/**
 * One top-level node as HTML pieces: hast-util-to-html's serialisation with every raw node (KaTeX's and Shiki's
 * finished HTML, most of a note's bytes) as a piece of its own. toHtml joins each element's children into one
 * string, which would copy every formula into its paragraph's string; here each raw value is swapped for a short
 * marker while serialising and put back as its own piece. Raw values are written verbatim by toHtml, so the
 * pieces join to exactly its output. The marker holds NUL characters, which no note text can: the loader
 * rejects files with NUL bytes, and markdown turns any other into U+FFFD.
 */
function serializeSplicingRaw(node: RootContent): string[] {
  if (node.type === 'raw') return [node.value];
  const raws: Raw[] = [];
  if ('children' in node) visit(node, 'raw', (r) => void raws.push(r));
  if (raws.length === 0) return [toHtml(node, stringifyOptions)];
  const values = raws.map((r) => r.value);
  raws.forEach((r, i) => (r.value = `\u0000${i}\u0000`));
  let html: string;
  try {
    html = toHtml(node, stringifyOptions);
  } finally {
    raws.forEach((r, i) => (r.value = values[i] as string));
  }
  // split with a capture group: text, index, text, index, …, text
  const parts = html.split(/\u0000(\d+)\u0000/);
  const out: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as string;
    if (k % 2 === 0) {
      if (part !== '') out.push(part);
    } else out.push(values[Number(part)] as string);
  }
  return out;
}

/** The text after the `<!-- more -->` marker loses the one newline that followed the marker. */
function dropLeadingNewline(parts: string[]): string[] {
  const i = parts.findIndex((p) => p !== '');
  const first = parts[i];
  if (first === undefined || !first.startsWith('\n')) return parts;
  return [...parts.slice(0, i), first.slice(1), ...parts.slice(i + 1)];
}

/** `pieceText(parts).trimEnd()` without flattening the whole: trailing blank pieces go, the last one is trimmed. */
function trimEndParts(parts: string[]): string {
  let end = parts.length;
  while (end > 0 && (parts[end - 1] as string).trimEnd() === '') end--;
  if (end === 0) return '';
  return pieceText(parts.slice(0, end - 1)) + (parts[end - 1] as string).trimEnd();
}

