/**
 * Highlights code fences at build time with Shiki, so readers get coloured code without any client JavaScript.
 * Shiki's css-variables theme colours each token with `var(--shiki-token-*)`, and the site theme sets light and
 * dark palettes for them: one tokenization serves both modes (dual themes tokenize twice, measured 2.1× slower
 * here), and a theme can restyle code without a rebuild. Output is inserted as raw HTML and cached by
 * (language, code): the same snippet in two notes is highlighted once.
 *
 * The HTML is written straight from Shiki's tokens rather than through `codeToHtml`, which builds a hast node per
 * token only to serialise it at once (a quarter of the highlighting time on the bench corpus). The bytes are
 * Shiki's own: `test/site/markdown/plugins/rehype-shiki-cached.test.ts` compares them with `codeToHtml`.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import type { BundledLanguage, Highlighter, ThemedToken } from 'shiki';
// Only the list of languages up front: the rest of Shiki (its engines, ~70 ms of module loading) is imported when
// a block must be tokenized, so a note whose code comes from the cache, or that has none, never loads it.
import { bundledLanguages, bundledLanguagesAlias } from 'shiki/langs';
import type { VFile } from 'vfile';
import { visit } from '../walk.js';

const cache = new Map<string, string>();

/** How many snippets this thread has tokenized with Shiki (not served by the cache): for tests and benches. */
export const highlightStats = { tokenized: 0 };

/** Forgets every highlighted snippet, as a new process would start: for tests. */
export function clearHighlightCache(): void {
  cache.clear();
}
interface Shiki {
  highlighter: Highlighter;
  getTokenStyleObject: typeof import('shiki').getTokenStyleObject;
  stringifyTokenStyle: typeof import('shiki').stringifyTokenStyle;
}
let shiki: Promise<Shiki> | undefined;

function getShiki(): Promise<Shiki> {
  shiki ??= import('shiki').then(async ({ createCssVariablesTheme, createHighlighter, getTokenStyleObject, stringifyTokenStyle }) => {
    const theme = createCssVariablesTheme({ name: 'css-variables', variablePrefix: '--shiki-', fontStyle: true });
    return { highlighter: await createHighlighter({ themes: [theme], langs: [] }), getTokenStyleObject, stringifyTokenStyle };
  });
  return shiki;
}

/** Shiki's id for a fence language, or `text` when Shiki does not know it (never an error: it is still code). */
function shikiLanguage(lang: string): string {
  const l = lang.toLowerCase();
  if (l in bundledLanguages) return l;
  if (l in bundledLanguagesAlias) return l;
  return 'text';
}

/**
 * Characters of a line that are highlighted; the rest of a longer line is shown plain. TextMate grammars can take
 * time superlinear in a line's length (one 20,000-character token in a `js` fence took Shiki 52 s), and a line
 * this long is minified code or data, not something read for its colours. A fixed count, not Shiki's timer, so
 * the same note always gives the same page.
 */
export const HIGHLIGHT_LINE_LIMIT = 1000;

/** A block longer than this many characters is shown plain (highlighting is linear, but ~1 MB/s). */
export const HIGHLIGHT_BLOCK_LIMIT = 200_000;

/** The language a snippet is highlighted as: Shiki's id, or `text` for an unknown language or a too-long block. */
function highlightLanguage(code: string, lang: string): string {
  return code.length > HIGHLIGHT_BLOCK_LIMIT ? 'text' : shikiLanguage(lang);
}

/** Highlights one snippet (cached); exported for the search index and tests. */
export async function highlight(code: string, lang: string): Promise<string> {
  const language = highlightLanguage(code, lang);
  const key = `${language}\u0000${code}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const { highlighter: hl, getTokenStyleObject, stringifyTokenStyle } = await getShiki();
  if (language !== 'text' && !hl.getLoadedLanguages().includes(language)) await hl.loadLanguage(language as never);
  // No time limit per line (Shiki's default stops tokenizing a line after 500 ms and leaves the rest plain): with
  // one, a build on a busy machine wrote different HTML, and cached it. Seen once in CI as a worker-rendered page
  // that differed from the main thread's; a build must give the same bytes for the same notes.
  // Long lines: the grammar sees their first HIGHLIGHT_LINE_LIMIT characters, and the rest follows as plain text.
  const lines = code.split('\n');
  const tails = lines.map((l) => (l.length > HIGHLIGHT_LINE_LIMIT ? l.slice(HIGHLIGHT_LINE_LIMIT) : ''));
  const head = tails.some((t) => t !== '') ? lines.map((l) => l.slice(0, HIGHLIGHT_LINE_LIMIT)).join('\n') : code;
  highlightStats.tokenized++;
  const { tokens, fg, bg, themeName, rootStyle } = hl.codeToTokens(head, { lang: language as BundledLanguage, theme: 'css-variables', tokenizeTimeLimit: 0 });
  const preStyle = typeof rootStyle === 'string' ? rootStyle : `background-color:${bg};color:${fg}`;
  let out = `<pre class="shiki ${themeName ?? ''}" style="${preStyle}" tabindex="0"><code>`;
  for (const [i, line] of mergeWhitespace(tokens).entries()) {
    out += `${i ? '\n' : ''}<span class="line">`;
    for (const token of line) {
      const style = stringifyTokenStyle(getTokenStyleObject(token));
      out += `${style ? `<span style="${style}">` : '<span>'}${escapeText(token.content)}</span>`;
    }
    const tail = tails[i];
    if (tail) out += `<span>${escapeText(tail)}</span>`;
    out += '</span>';
  }
  out += '</code></pre>';
  cache.set(key, out);
  return out;
}

/** What hast-util-to-html does to text: `&` and `<` as hexadecimal references, nothing else. */
function escapeText(s: string): string {
  return s.replace(/[&<]/g, (c) => (c === '&' ? '&#x26;' : '&#x3C;'));
}

/** Underline/strikethrough font style bits (vscode-textmate's FontStyle.Underline | Strikethrough). */
const DECORATED = 4 | 8;

/**
 * Shiki's default `mergeWhitespaces: true` (not exported by Shiki): a whitespace-only token joins the token after
 * it, unless that one is underlined or struck through, so indentation does not get spans of its own.
 */
function mergeWhitespace(lines: ThemedToken[][]): ThemedToken[][] {
  return lines.map((line) => {
    const out: ThemedToken[] = [];
    let carry = '';
    let firstOffset: number | undefined;
    line.forEach((token, i) => {
      const canMerge = !(token.fontStyle && token.fontStyle & DECORATED);
      if (canMerge && /^\s+$/.test(token.content) && line[i + 1]) {
        firstOffset ??= token.offset;
        carry += token.content;
      } else if (carry) {
        if (canMerge) out.push({ ...token, offset: firstOffset ?? token.offset, content: carry + token.content });
        else out.push({ content: carry, offset: firstOffset ?? token.offset }, token);
        firstOffset = undefined;
        carry = '';
      } else out.push(token);
    });
    return out;
  });
}

/**
 * Teaches the in-process cache the snippets of an earlier rendering of a note: `snippets` are its highlighted
 * blocks in document order (`NoteHtml.highlighted`), `html` the body they were written into. A note edited in its
 * prose renders again without Shiki loading a grammar (compiling one is most of a one-note rebuild's rendering).
 * The blocks are taken only if there are as many as snippets; Shiki's output for a snippet never changes within
 * one danlu (the render cache is keyed by its code and lockfile), so a block taught here is the one it would make.
 */
export function seedHighlights(snippets: ReadonlyArray<readonly [string, string]>, html: string): void {
  const blocks: string[] = [];
  for (let at = html.indexOf('<pre class="shiki '); at >= 0; at = html.indexOf('<pre class="shiki ', at)) {
    const end = html.indexOf('</code></pre>', at);
    if (end < 0) return;
    blocks.push(html.slice(at, end + '</code></pre>'.length));
    at = end;
  }
  if (blocks.length !== snippets.length) return;
  snippets.forEach(([language, code], i) => {
    const key = `${language}\u0000${code}`;
    if (!cache.has(key)) cache.set(key, blocks[i] as string);
  });
}

declare module 'vfile' {
  interface DataMap {
    /** The highlighted snippets, `[language, code]` in document order (see {@link seedHighlights}). */
    highlighted: Array<[string, string]>;
  }
}

/** Replaces every `pre > code.language-*` (except math, which has its own renderer) with Shiki's HTML. */
export function rehypeShikiCached() {
  return async (tree: Root, file: VFile): Promise<void> => {
    const jobs: Array<{ parent: Element | Root; index: number; code: string; lang: string }> = [];
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'pre' || index === undefined || !parent) return;
      const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
      if (!code) return;
      const classes = (code.properties.className as string[] | undefined) ?? [];
      if (classes.includes('language-math')) return;
      const lang = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length) ?? 'text';
      jobs.push({ parent, index, code: toString(code).replace(/\n$/, ''), lang });
      return 'skip';
    });
    for (const job of jobs) {
      const value = await highlight(job.code, job.lang);
      job.parent.children[job.index] = { type: 'raw', value } as never;
    }
    if (jobs.length) file.data.highlighted = jobs.map((j) => [highlightLanguage(j.code, j.lang), j.code]);
  };
}
