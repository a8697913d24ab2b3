/**
 * Which note counts of tags and categories a page's render reads. A post page and every post card carry their
 * terms as `{ name, url, count }`, so one note added to a category changes the context of every page that lists
 * a note of that category (1661 of 1810 pages for one new note at 1000 notes), while a theme that shows counts
 * only on the term's own page writes the same bytes everywhere else. A term link's `count` is a getter that notes,
 * while a page is being rendered ({@link readsCounts}), which term's count was read; the page's digest
 * (build/page-record.ts) then holds the context without counts plus the counts of exactly those terms, so the page
 * is rendered again only when something it can show changed.
 *
 * Why that is sound: a theme is a function of its context. If the context but the counts is the same, and so are
 * the counts the last render read, the render takes the same path, reads the same counts and makes the same
 * bytes. Every way of getting a count (reading the property, spreading, `JSON.stringify`, `structuredClone`) goes
 * through the getter, and one term (one URL) has one count in a build.
 */

const counted = new WeakSet<object>();

let reading: Set<string> | undefined;

/** `link` with `count` as a tracked getter (enumerable, so spreads and JSON see it as before). */
export function countedLink<T extends { url: string }>(link: T, count: number): T & { count: number } {
  const url = link.url;
  Object.defineProperty(link, 'count', {
    enumerable: true,
    configurable: true,
    get() {
      reading?.add(url);
      return count;
    },
  });
  counted.add(link);
  return link as T & { count: number };
}

/** Whether `value` is a link made by {@link countedLink} (its `count` is tracked). */
export function isCountedLink(value: object): boolean {
  return counted.has(value);
}

/** Runs `render` and returns what it made with the URLs of the terms whose counts it read, sorted. */
export function readsCounts<T>(render: () => T): { value: T; read: string[] } {
  const outer = reading;
  const urls = new Set<string>();
  reading = urls;
  try {
    const value = render();
    return { value, read: [...urls].sort() };
  } finally {
    reading = outer;
  }
}
