/**
 * `search.json`: one entry per note, prose only, bounded in size. The theme's search no longer reads it (it uses the
 * Pagefind bundle, src/site/search/pagefind-index.ts); it is kept for tools that read it and as the baseline the
 * search benchmark (scripts/bench/search/run.ts) measures against.
 */

/** One searchable note. */
export interface SearchEntry {
  title: string;
  url: string;
  date: string;
  tags: string[];
  categories: string[];
  text: string;
}

/** Characters of prose kept per note: enough for snippets, small enough that the index loads quickly. */
export const SEARCH_TEXT_LIMIT = 4000;

/** Serialises the index. */
export function renderSearchIndex(entries: SearchEntry[]): string {
  return JSON.stringify(entries.map((e) => ({ ...e, text: e.text.slice(0, SEARCH_TEXT_LIMIT) })));
}
