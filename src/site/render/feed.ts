/**
 * Atom feed with full content (RFC 4287), written here rather than through a feed library, because what each
 * element declares must match what it holds: titles, summaries and tag names are plain text and declared
 * `type="text"`, and only the note's rendered body is declared `type="html"`. Everything is XML-escaped, and
 * characters XML 1.0 cannot carry (control characters, lone surrogates) are dropped, so the feed parses whatever a
 * note's front matter says. Dates come from the notes, never from the clock, so two builds of the same notes give
 * the same bytes.
 *
 * The body is the page's HTML made for a reader that has none of the site's CSS or scripts (feedHtml): each
 * formula keeps only KaTeX's MathML, which feed readers render, with the TeX as its `<annotation>` (KaTeX's HTML
 * copy, drawn for its stylesheet, would show every formula a second time as loose glyphs); headings lose their
 * `#` anchor links; links within the note point at the note's page.
 */
import type { Post, SiteInfo } from './context.js';

/** Renders `atom.xml` for the newest `limit` posts. */
export function renderAtomFeed(site: SiteInfo, posts: Post[], latest: Date | undefined, limit: number): string {
  const origin = new URL(site.url).origin;
  const abs = (u: string): string => origin + u;
  const home = abs(site.root);
  const subtitle = site.description || site.subtitle;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${site.language ? ` xml:lang="${xmlAttr(site.language)}"` : ''}>`,
    `  <id>${xmlText(home)}</id>`,
    `  <title type="text">${xmlText(site.title)}</title>`,
  ];
  if (subtitle) out.push(`  <subtitle type="text">${xmlText(subtitle)}</subtitle>`);
  out.push(
    `  <updated>${(latest ?? new Date(0)).toISOString()}</updated>`,
    '  <generator>danlu</generator>',
    `  <link rel="alternate" href="${xmlAttr(home)}"/>`,
    `  <link rel="self" href="${xmlAttr(abs(`${site.root}atom.xml`))}"/>`,
  );
  // Atom wants an author for every entry (RFC 4287 §4.1.1); one at the feed level covers them all. A site without
  // an author is by its own name.
  out.push(`  <author><name>${xmlText(site.author || site.title || new URL(site.url).host)}</name></author>`);
  if (site.author) out.push(`  <rights type="text">${xmlText(`© ${site.author}`)}</rights>`);
  for (const p of posts.slice(0, limit)) {
    out.push(
      '  <entry>',
      `    <title type="text">${xmlText(p.title)}</title>`,
      `    <id>${xmlText(abs(p.url))}</id>`,
      `    <link rel="alternate" type="text/html" href="${xmlAttr(abs(p.url))}"/>`,
      `    <updated>${new Date(p.updated?.iso ?? p.date.iso).toISOString()}</updated>`,
      `    <published>${new Date(p.date.iso).toISOString()}</published>`,
    );
    if (p.description) out.push(`    <summary type="text">${xmlText(p.description)}</summary>`);
    out.push(`    <content type="html">${xmlText(absolutize(feedHtml(p.html.value), origin, abs(p.url)))}</content>`);
    for (const t of p.tags) out.push(`    <category term="${xmlAttr(t.name)}" label="${xmlAttr(t.name)}"/>`);
    out.push('  </entry>');
  }
  out.push('</feed>', '');
  return out.join('\n');
}

/** Characters outside XML 1.0's `Char` production: C0 controls but tab and newlines, lone surrogates, U+FFFE/FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as XML character data: escaped, and without characters no XML document may contain. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text as a double-quoted XML attribute value (newlines and tabs kept as references, as attribute parsing would fold them). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/**
 * Feed readers resolve nothing against the page: site-absolute `src`/`href` become absolute, and a link to a place
 * in the note (`#fn-1`, a heading) goes to that place on the note's page.
 */
function absolutize(html: string, origin: string, page: string): string {
  return html.replace(/(\s(?:src|href)=")\/(?!\/)/g, `$1${origin}/`).replace(/(\shref=")#/g, `$1${page}#`);
}

/**
 * Start of KaTeX's visual copy of a formula; a heading's anchor link and its empty Hexo-id alias (rehype-heading-ids:
 * ids in a feed entry lead nowhere, links to them go to the page).
 */
const PAGE_ONLY = /<span class="katex-html"[^>]*>|<a class="heading-anchor"[^>]*>[^<]*<\/a>|<span [^>]*class="heading-alias"[^>]*><\/span>/g;
const SPAN_TAG = /<span\b[^>]*>|<\/span>/g;

/**
 * A note's HTML as a feed reader should get it: without KaTeX's `.katex-html` (the MathML beside it stays, TeX
 * annotation included) and without heading anchors or their aliases. One pass over the string: a `.katex-html` span ends where
 * its nested spans balance (KaTeX's output is spans and SVG; text inside is escaped, so `<span` is always a tag).
 */
export function feedHtml(html: string): string {
  let out = '';
  let from = 0;
  PAGE_ONLY.lastIndex = 0;
  for (let m = PAGE_ONLY.exec(html); m; m = PAGE_ONLY.exec(html)) {
    out += html.slice(from, m.index);
    from = PAGE_ONLY.lastIndex;
    if (!m[0].startsWith('<span class="katex-html"')) continue;
    let depth = 1;
    SPAN_TAG.lastIndex = from;
    for (let t = SPAN_TAG.exec(html); t; t = SPAN_TAG.exec(html)) {
      depth += t[0] === '</span>' ? -1 : 1;
      if (depth === 0) break;
    }
    // Unbalanced (not KaTeX's output): keep the rest as it is rather than lose it.
    if (depth !== 0) return out + html.slice(m.index);
    from = SPAN_TAG.lastIndex;
    PAGE_ONLY.lastIndex = from;
  }
  return out + html.slice(from);
}
