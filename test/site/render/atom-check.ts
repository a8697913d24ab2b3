/**
 * What RFC 4287 requires of an Atom document, checked over the parsed XML (saxes, a strict XML 1.0 parser): the
 * element counts of §4.1.1 (feed) and §4.1.2 (entry), person constructs (§3.2), text constructs (§3.1), dates
 * (§3.3, RFC 3339), IRIs for ids and links (§4.2.6, §4.2.7), categories (§4.2.2). Returns what is wrong, as a
 * validator would list it; an empty list is a valid feed.
 */
import { SaxesParser } from 'saxes';

/** A parsed element: name, attributes, direct text, children. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/** Parses XML strictly into a small tree; throws on any well-formedness error. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlElement = { name: '#document', attrs: {}, text: '', children: [] };
  const stack: XmlElement[] = [root];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    const el: XmlElement = { name: t.name, attrs: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])), text: '', children: [] };
    stack[stack.length - 1]?.children.push(el);
    stack.push(el);
  });
  const onText = (s: string): void => {
    const top = stack[stack.length - 1];
    if (top) top.text += s;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  const doc = root.children[0];
  if (!doc) throw new Error('no root element');
  return doc;
}

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The children of `el` named `name`. */
export const childrenNamed = (el: XmlElement | undefined, name: string): XmlElement[] => el?.children.filter((c) => c.name === name) ?? [];

function isAbsoluteIri(s: string): boolean {
  try {
    return Boolean(new URL(s).protocol);
  } catch {
    return false;
  }
}

/** Every RFC 4287 violation in `xml` (an Atom feed document). */
export function atomProblems(xml: string): string[] {
  const problems: string[] = [];
  const feed = parseXml(xml);
  if (feed.name !== 'feed') return [`root element is <${feed.name}>, not <feed>`];
  if (feed.attrs.xmlns !== ATOM) problems.push(`feed is not in the Atom namespace (${feed.attrs.xmlns ?? 'none'})`);

  const exactlyOne = (el: XmlElement, name: string, where: string): XmlElement | undefined => {
    const found = childrenNamed(el, name);
    if (found.length !== 1) problems.push(`${where} has ${found.length} <${name}>, must have exactly one`);
    return found[0];
  };
  const atMostOne = (el: XmlElement, name: string, where: string): void => {
    const n = childrenNamed(el, name).length;
    if (n > 1) problems.push(`${where} has ${n} <${name}>, may have at most one`);
  };
  const text = (el: XmlElement | undefined, where: string): void => {
    if (!el) return;
    const type = el.attrs.type ?? 'text';
    if (!['text', 'html', 'xhtml'].includes(type)) problems.push(`${where} <${el.name}> has type="${type}"`);
  };
  const date = (el: XmlElement | undefined, where: string): void => {
    if (el && !RFC3339.test(el.text.trim())) problems.push(`${where} <${el.name}> "${el.text}" is not an RFC 3339 date-time`);
  };
  const id = (el: XmlElement | undefined, where: string): void => {
    if (el && !isAbsoluteIri(el.text.trim())) problems.push(`${where} <id> "${el.text}" is not an absolute IRI`);
  };
  const persons = (el: XmlElement, where: string): number => {
    const all = [...childrenNamed(el, 'author'), ...childrenNamed(el, 'contributor')];
    for (const p of all) {
      const names = childrenNamed(p, 'name');
      if (names.length !== 1) problems.push(`${where} <${p.name}> has ${names.length} <name>, must have exactly one`);
      else if (!names[0]?.text.trim()) problems.push(`${where} <${p.name}> has an empty <name>`);
      atMostOne(p, 'uri', `${where} <${p.name}>`);
      atMostOne(p, 'email', `${where} <${p.name}>`);
    }
    return childrenNamed(el, 'author').length;
  };
  const links = (el: XmlElement, where: string): XmlElement[] => {
    const all = childrenNamed(el, 'link');
    const alternates = new Map<string, number>();
    for (const l of all) {
      if (!l.attrs.href) problems.push(`${where} has a <link> without href`);
      if ((l.attrs.rel ?? 'alternate') === 'alternate') {
        const k = `${l.attrs.type ?? ''}\0${l.attrs.hreflang ?? ''}`;
        alternates.set(k, (alternates.get(k) ?? 0) + 1);
      }
    }
    for (const n of alternates.values()) if (n > 1) problems.push(`${where} has ${n} rel="alternate" links with the same type and hreflang`);
    return all;
  };

  id(exactlyOne(feed, 'id', 'feed'), 'feed');
  text(exactlyOne(feed, 'title', 'feed'), 'feed');
  date(exactlyOne(feed, 'updated', 'feed'), 'feed');
  for (const n of ['generator', 'icon', 'logo', 'rights', 'subtitle']) atMostOne(feed, n, 'feed');
  text(childrenNamed(feed, 'subtitle')[0], 'feed');
  text(childrenNamed(feed, 'rights')[0], 'feed');
  const feedAuthors = persons(feed, 'feed');
  // §4.1.1: a feed SHOULD link to itself; validators warn without it.
  if (!links(feed, 'feed').some((l) => l.attrs.rel === 'self')) problems.push('feed has no rel="self" link');

  const ids = new Set<string>();
  childrenNamed(feed, 'entry').forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const entryId = exactlyOne(entry, 'id', where);
    id(entryId, where);
    if (entryId) {
      if (ids.has(entryId.text)) problems.push(`${where} repeats the id ${entryId.text}`);
      ids.add(entryId.text);
    }
    text(exactlyOne(entry, 'title', where), where);
    date(exactlyOne(entry, 'updated', where), where);
    for (const n of ['published', 'summary', 'content', 'rights', 'source']) atMostOne(entry, n, where);
    date(childrenNamed(entry, 'published')[0], where);
    text(childrenNamed(entry, 'summary')[0], where);
    if (persons(entry, where) === 0 && feedAuthors === 0) problems.push(`${where} has no <author>, and neither has the feed`);
    const entryLinks = links(entry, where);
    const content = childrenNamed(entry, 'content')[0];
    if (!content && !entryLinks.some((l) => (l.attrs.rel ?? 'alternate') === 'alternate')) {
      problems.push(`${where} has neither <content> nor a rel="alternate" link`);
    }
    if (content) {
      const type = content.attrs.type ?? 'text';
      if (content.attrs.src !== undefined && !childrenNamed(entry, 'summary').length) problems.push(`${where} has out-of-line content and no <summary>`);
      if (!['text', 'html', 'xhtml'].includes(type) && !type.includes('/')) problems.push(`${where} <content> has type="${type}"`);
    }
    for (const c of childrenNamed(entry, 'category')) if (!c.attrs.term) problems.push(`${where} has a <category> without term`);
  });
  return problems;
}
