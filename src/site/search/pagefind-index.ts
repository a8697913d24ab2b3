/**
 * The site's search index, built by Pagefind from each note's rendered HTML held in memory. Pagefind splits the
 * index into small chunks keyed by word prefix and one fragment per note, so a query fetches only the chunks its
 * words fall in plus the fragments of the results shown; its extended binary segments Chinese at index time, and
 * headings weigh more than body text. The whole bundle is self-hosted under `pagefind/`.
 */
import * as pagefind from 'pagefind';
import { markWordBreaks, searchBody } from './search-document.js';

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
  /**
   * An object that stands for this HTML (the note's rendering): the document read from it is made once per
   * object, so a dev server indexing again after a save redoes only the notes that rendered again.
   */
  key?: object;
}

const documents = new WeakMap<object, { title: string; date: string; document: string }>();

// The files of Pagefind's bundle a page needs: its search API, the WebAssembly, the entry and the index chunks.
// The ready-made UIs are left out (the theme has its own box), and so is the Worker, which the theme's client
// does not start (themes/default/assets/search.js `noWorker`).
const SHIPPED = /^(pagefind\.js|pagefind-entry\.json|wasm\.[^/]+\.pagefind|pagefind\.[^/]+\.pf_meta|index\/.+|fragment\/.+)$/;

// What the body scan (search-document.ts) leaves for Pagefind to drop: a formula KaTeX could not typeset, anchors.
const EXCLUDE = ['.katex-html', 'semantics > :not(annotation)', '.heading-anchor', 'svg'];

/** The HTML page Pagefind reads for one note: its title as the top heading, then the body (search-document.ts). */
export function searchDocument(note: SearchNote, language: string): string {
  return `<!doctype html><html lang="${escapeAttr(language)}"><head><title>${escapeText(note.title)}</title></head><body>` +
    `<main data-pagefind-body><h1 data-pagefind-meta="title:${escapeAttr(note.title)}">${markWordBreaks(escapeText(note.title), language)}</h1>` +
    `<span data-pagefind-meta="date:${escapeAttr(note.date)}" hidden></span>${searchBody(note.html, language)}</main></body></html>`;
}

/**
 * A search index being built: started before the notes are rendered, fed each note as soon as its HTML exists,
 * and asked for its files last. Pagefind indexes in a process of its own, so the notes are indexed while this
 * thread renders pages and the workers render notes, not after everything else.
 */
export class SearchIndex {
  private readonly added: Array<Promise<string | undefined>> = [];
  private closed = false;

  private constructor(
    private readonly index: Promise<pagefind.PagefindIndex>,
    private readonly language: string,
  ) {
    index.catch(() => undefined); // reported by files(); never an unhandled rejection meanwhile
  }

  /** Starts Pagefind for a site in `language` (its `lang`, e.g. `zh-CN`). */
  static start(language: string): SearchIndex {
    const index = pagefind.createIndex({ excludeSelectors: EXCLUDE, forceLanguage: language.toLowerCase() }).then((created) => {
      if (!created.index) throw new Error(`search index: Pagefind did not start (${created.errors.join('; ')})`);
      return created.index;
    });
    return new SearchIndex(index, language);
  }

  /** Queues one note; returns at once (Pagefind works through the queue while the caller goes on). */
  add(note: SearchNote): void {
    if (this.closed) throw new Error('search index: add() after files()');
    const known = note.key ? documents.get(note.key) : undefined;
    let content = known && known.title === note.title && known.date === note.date ? known.document : undefined;
    if (content === undefined) {
      content = searchDocument(note, this.language);
      if (note.key) documents.set(note.key, { title: note.title, date: note.date, document: content });
    }
    const doc = content;
    const done = this.index
      .then((index) => index.addHTMLFile({ url: note.url, content: doc }))
      .then((a) => (a.errors.length ? `${note.url}: ${a.errors.join('; ')}` : undefined));
    done.catch(() => undefined);
    this.added.push(done);
  }

  /** Waits for every note, then returns the bundle's files by site path (under {@link SEARCH_DIR}) and stops Pagefind. */
  async files(): Promise<Map<string, Uint8Array>> {
    this.closed = true;
    const index = await this.index;
    try {
      const failed = (await Promise.all(this.added)).filter((f): f is string => f !== undefined);
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

  /** Stops Pagefind without building anything (a build that failed). */
  async abort(): Promise<void> {
    this.closed = true;
    try {
      await (await this.index).deleteIndex();
    } catch {
      // it never started: nothing to stop
    }
  }
}

/** Indexes the notes and returns the bundle's files by site path (under {@link SEARCH_DIR}). */
export async function buildSearchBundle(notes: readonly SearchNote[], language: string): Promise<Map<string, Uint8Array>> {
  const index = SearchIndex.start(language);
  for (const note of notes) index.add(note);
  return index.files();
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
