/**
 * URL segments for titles, tags and categories. Chinese stays Chinese (as in Hexo and GitHub anchors: readable
 * in the address bar, percent-encoded on the wire); only characters that break paths or URLs become `-`.
 */

/** A path segment for a name: trimmed, lower-case Latin, URL-breaking characters and spaces replaced by `-`. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s/\\?#%&*:|"<>'`^{}[\]~!@$=+;,.()]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return s || 'untitled';
}

/**
 * Assigns distinct slugs to distinct names: names whose slugs collide (`C++` and `C#` are both `c`) get `-2`,
 * `-3`… in sorted name order, so the result does not depend on the order notes were read.
 */
export function uniqueSlugs(names: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(names)].sort();
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const name of sorted) {
    const base = slugify(name);
    let slug = base;
    for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
    taken.add(slug);
    out.set(name, slug);
  }
  return out;
}

/** Encodes a site path for use in an href: each segment percent-encoded, slashes kept. */
export function encodePath(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}
