/**
 * Atom feed with full content (RFC 4287), written here rather than through a feed library, because what each
 * element declares must match what it holds: titles, summaries and tag names are plain text and declared
 * `type="text"`, and only the note's rendered body is declared `type="html"`. Everything is XML-escaped, and
 * characters XML 1.0 cannot carry (control characters, lone surrogates) are dropped, so the feed parses whatever a
 * note's front matter says. Dates come from the notes, never from the clock, so two builds of the same notes give
 * the same bytes.
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
  // Atom wants an author for every entry; one at the feed level covers them all.
  if (site.author) out.push(`  <author><name>${xmlText(site.author)}</name></author>`, `  <rights type="text">${xmlText(`© ${site.author}`)}</rights>`);
  for (const p of posts.slice(0, limit)) {
    out.push(
      '  <entry>',
      `    <title type="text">${xmlText(p.title)}</title>`,
      `    <id>${xmlText(abs(p.url))}</id>`,
      `    <link href="${xmlAttr(abs(p.url))}"/>`,
      `    <updated>${new Date(p.updated?.iso ?? p.date.iso).toISOString()}</updated>`,
      `    <published>${new Date(p.date.iso).toISOString()}</published>`,
    );
    if (p.description) out.push(`    <summary type="text">${xmlText(p.description)}</summary>`);
    out.push(`    <content type="html">${xmlText(absolutize(p.html.value, origin))}</content>`);
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

/** Feed readers resolve nothing against the page: make site-absolute `src`/`href` absolute. */
function absolutize(html: string, origin: string): string {
  return html.replace(/(\s(?:src|href)=")\/(?!\/)/g, `$1${origin}/`);
}
