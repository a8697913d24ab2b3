/**
 * The site's search index, built by Pagefind from each note's rendered HTML held in memory. Pagefind splits the
 * index into small chunks keyed by word prefix and one fragment per note, so a query fetches only the chunks its
 * words fall in plus the fragments of the results shown; its extended binary segments Chinese at index time, and
 * headings weigh more than body text. The whole bundle is self-hosted under `pagefind/`.
 */
import * as pagefind from 'pagefind';

/** Folder of the site that holds the search bundle (reserved in model/reserved-paths.ts). */
export const SEARCH_DIR = 'pagefind/';

/** One note to index. */
export interface SearchNote {
  url: string;
  title: string;
  /** Day of the note (`YYYY-MM-DD`), shown beside a result. */
  date: string;
  /** The note's rendered body HTML. */
  html: string;
}

// The files of Pagefind's bundle a page needs: its search API, the WebAssembly, the entry and the index chunks.
// The ready-made UIs are left out (the theme has its own box), and so is the Worker, which the theme's client
// does not start (themes/default/assets/search.js `noWorker`).
const SHIPPED = /^(pagefind\.js|pagefind-entry\.json|wasm\.[^/]+\.pagefind|pagefind\.[^/]+\.pf_meta|index\/.+|fragment\/.+)$/;

// KaTeX writes each formula twice, MathML (whose annotation holds the TeX) and HTML for sight, ~2 KB of markup
// for a short formula. Each formula goes to Pagefind as its TeX between dollars, so a snippet reads `$x^2$` rather
// than losing the formula or showing glyph soup, and Pagefind parses a tenth of the bytes. Diagrams' SVG is dropped
// too: its labels are not prose. The selectors catch what the scan leaves (a formula KaTeX could not typeset).
const EXCLUDE = ['.katex-html', 'semantics > :not(annotation)', '.heading-anchor', 'svg'];
const KATEX_OPEN = '<span class="katex">';
const TEX = /<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/;

/**
 * End of the element whose start tag begins at `start` (`tag` elements nest; the scan counts them), or -1.
 * Linear in the element's length; the HTML comes from our own pipeline, so tags are well formed.
 */
function elementEnd(html: string, start: number, tag: string): number {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let depth = 0;
  let i = start;
  for (;;) {
    const o = html.indexOf(open, i);
    const c = html.indexOf(close, i);
    if (c === -1) return -1;
    if (o !== -1 && o < c) {
      depth++;
      i = o + open.length;
    } else {
      depth--;
      i = c + close.length;
      if (depth === 0) return i;
    }
  }
}

/** The body as Pagefind reads it: each KaTeX formula replaced by `$TeX$`, each SVG removed. */
export function searchableHtml(html: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const k = html.indexOf(KATEX_OPEN, i);
    const v = html.indexOf('<svg', i);
    const at = k === -1 ? v : v === -1 ? k : Math.min(k, v);
    if (at === -1) break;
    const isMath = at === k;
    const end = elementEnd(html, at, isMath ? 'span' : 'svg');
    if (end === -1) break;
    out += html.slice(i, at);
    if (isMath) {
      const tex = TEX.exec(html.slice(at, end))?.[1];
      if (tex !== undefined) out += ` $${tex.trim()}$ `;
    }
    i = end;
  }
  return out + html.slice(i);
}

/** The HTML page Pagefind reads for one note: its title as the top heading, then the body with math as TeX. */
export function searchDocument(note: SearchNote, language: string): string {
  return `<!doctype html><html lang="${escapeAttr(language)}"><head><title>${escapeText(note.title)}</title></head><body>` +
    `<main data-pagefind-body><h1 data-pagefind-meta="title">${escapeText(note.title)}</h1>` +
    `<span data-pagefind-meta="date:${escapeAttr(note.date)}" hidden></span>${searchableHtml(note.html)}</main></body></html>`;
}

/** Indexes the notes and returns the bundle's files by site path (under {@link SEARCH_DIR}). */
export async function buildSearchBundle(notes: readonly SearchNote[], language: string): Promise<Map<string, Uint8Array>> {
  const created = await pagefind.createIndex({ excludeSelectors: EXCLUDE, forceLanguage: language.toLowerCase() });
  const index = created.index;
  if (!index) throw new Error(`search index: Pagefind did not start (${created.errors.join('; ')})`);
  try {
    // Sent together: the service works through them while the next is serialised.
    const added = await Promise.all(notes.map((note) => index.addHTMLFile({ url: note.url, content: searchDocument(note, language) })));
    const failed = added.flatMap((a, i) => (a.errors.length ? [`${notes[i]?.url}: ${a.errors.join('; ')}`] : []));
    if (failed.length) throw new Error(`search index: ${failed.join('\n')}`);
    const { files, errors } = await index.getFiles();
    if (errors.length) throw new Error(`search index: ${errors.join('; ')}`);
    const out = new Map<string, Uint8Array>();
    for (const f of files) if (SHIPPED.test(f.path)) out.set(SEARCH_DIR + f.path, f.content);
    return out;
  } finally {
    await index.deleteIndex();
  }
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
