/**
 * The body of a note as the search indexer reads it: the rendered HTML with what is markup rather than text made
 * small, and Chinese/Japanese text split into words the way the reader's browser will split a query.
 *
 * - KaTeX writes each formula twice, MathML (whose annotation holds the TeX) and HTML for sight, ~2 KB of markup
 *   for a short formula. Each formula becomes its TeX between dollars, so a snippet reads `$x^2$` rather than
 *   losing the formula or showing glyph soup.
 * - Diagrams' SVG is dropped: its labels are not prose.
 * - A highlighted code block is a `<span style=…>` per token, twenty bytes of markup for each byte of code; it
 *   becomes `<pre>` with the code's text, which is what is searched and shown.
 * - Text in scripts without spaces between words is split with `Intl.Segmenter`, the segmenter Pagefind's client
 *   applies to a query in the browser, so a word is found when the index cut the text where the query is cut. The
 *   cut is a zero-width space: invisible in a result's excerpt, a word boundary to the indexer.
 */

const KATEX_OPEN = '<span class="katex">';
const TEX = /<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/;
const PRE_OPEN = '<pre';
/** Runs of Han, kana, Hangul syllables: the scripts written without spaces between words. */
const UNSPACED = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;
/** Zero-width space: Unicode's word-boundary marker, which the indexer's tokenizer treats as a separator. */
export const WORD_BREAK = '\u200b';

/**
 * End of the element whose start tag begins at `start` (`tag` elements nest; the scan counts them), or -1.
 * Linear in the element's length; the HTML comes from our own pipeline, so tags are well formed.
 */
function elementEnd(html: string, start: number, tag: string): number {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let depth = 0;
  let i = start;
  // The next open tag is looked for again only once the scan has passed it: after a formula's last nested span
  // each close would otherwise search on to the next formula.
  let o = -2;
  for (;;) {
    if (o !== -1 && o < i) o = html.indexOf(open, i);
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

/** The text of an HTML fragment: tags removed, entities kept (the result is still HTML). */
function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

/** The body with each KaTeX formula replaced by `$TeX$`, each SVG removed and each code block reduced to its text. */
export function searchableHtml(html: string): string {
  let out = '';
  let i = 0;
  // The next place of each kind, found again only once the scan has passed it: searching all three from every
  // formula rescanned the rest of the note ~20 times (a note without SVG was read to its end each time).
  let k = -2;
  let v = -2;
  let p = -2;
  for (;;) {
    if (k !== -1 && k < i) k = html.indexOf(KATEX_OPEN, i);
    if (v !== -1 && v < i) v = html.indexOf('<svg', i);
    if (p !== -1 && p < i) p = html.indexOf(PRE_OPEN, i);
    let at = -1;
    for (const c of [k, v, p]) if (c !== -1 && (at === -1 || c < at)) at = c;
    if (at === -1) break;
    const tag = at === k ? 'span' : at === v ? 'svg' : 'pre';
    // `<pre` also starts `<prefix…>`-like names; only `<pre>` and `<pre …>` are the element.
    if (tag === 'pre' && !/[\s>]/.test(html.charAt(at + PRE_OPEN.length))) {
      out += html.slice(i, at + PRE_OPEN.length);
      i = at + PRE_OPEN.length;
      continue;
    }
    const end = elementEnd(html, at, tag);
    if (end === -1) break;
    out += html.slice(i, at);
    if (tag === 'span') {
      const tex = TEX.exec(html.slice(at, end))?.[1];
      if (tex !== undefined) out += ` $${tex.trim()}$ `;
    } else if (tag === 'pre') {
      out += `<pre>${stripTags(html.slice(at, end))}</pre>`;
    }
    i = end;
  }
  return out + html.slice(i);
}

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * `html` with a {@link WORD_BREAK} between the words of every run of unspaced script in its text (never inside a
 * tag), as `Intl.Segmenter` for `language` cuts them.
 */
export function markWordBreaks(html: string, language: string): string {
  let seg = segmenters.get(language);
  if (!seg) segmenters.set(language, (seg = new Intl.Segmenter(language, { granularity: 'word' })));
  const segmenter = seg;
  const cut = (run: string): string => {
    let out = '';
    for (const s of segmenter.segment(run)) out += out ? WORD_BREAK + s.segment : s.segment;
    return out;
  };
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) out += html.slice(i, textEnd).replace(UNSPACED, cut);
    if (lt === -1) break;
    const gt = html.indexOf('>', lt);
    const tagEnd = gt === -1 ? html.length : gt + 1;
    out += html.slice(lt, tagEnd);
    i = tagEnd;
  }
  return out;
}

/** The body as the indexer reads it: {@link searchableHtml}, then {@link markWordBreaks}. */
export function searchBody(html: string, language: string): string {
  return markWordBreaks(searchableHtml(html), language);
}
