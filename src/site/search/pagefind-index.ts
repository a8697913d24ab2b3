/**
 * The site's search index, built by Pagefind from each note's rendered HTML held in memory. Pagefind splits the
 * index into small chunks keyed by word prefix and one fragment per note, so a query fetches only the chunks its
 * words fall in plus the fragments of the results shown; its extended binary segments Chinese at index time, and
 * headings weigh more than body text. The whole bundle is self-hosted under `pagefind/`.
 */
import { createHash } from 'node:crypto';
import * as pagefind from 'pagefind';
import { pipelineCodeHash } from '../build/render-cache.js';
import { baseKey, deltaLimit, DELTA_DIR, MANIFEST, pageDigest, pageIds, readSearchBase, writeSearchBase, type BasePage, type SearchBase, type SearchManifest } from './search-base.js';
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
  /** A digest of `html` (for a cached rendering, of its bytes, without decoding them); default: hashed here. */
  digest?: () => string;
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
 *
 * With a cache folder, a full index is kept there as the base (search-base.ts), and a later build indexes only
 * the notes that changed since, into a delta index the page's client merges; nothing changed, Pagefind is not
 * started at all.
 */
export class SearchIndex {
  private readonly added: Array<Promise<string | undefined>> = [];
  private closed = false;
  /** Pagefind's index: the full one, or the delta's (started on the first changed note). */
  private index: Promise<pagefind.PagefindIndex> | undefined;
  /** Every note given, in order, with its digest (a full index made at the end needs them all). */
  private readonly notes: Array<{ note: SearchNote; digest: string }> = [];
  /** Notes of a delta: new ones and those whose digest differs from the base's. */
  private changed = 0;

  private constructor(
    private readonly language: string,
    private readonly cache: { dir: string; key: string } | undefined,
    /** The base to index against; `undefined`: this is a full index. */
    private base: SearchBase | undefined,
  ) {
    if (!base) this.index = startIndex(language);
  }

  /**
   * Starts an index for a site in `language` (its `lang`, e.g. `zh-CN`). With `cacheDir`, the base kept there (if
   * it was made by this danlu for this language) is reused, and a new full index is kept there.
   */
  static start(language: string, cacheDir?: string): SearchIndex {
    const cache = cacheDir ? { dir: cacheDir, key: baseKey(language, EXCLUDE, pipelineCodeHash()) } : undefined;
    return new SearchIndex(language, cache, cache ? readSearchBase(cache.dir, cache.key) : undefined);
  }

  /** Queues one note; returns at once (Pagefind works through the queue while the caller goes on). */
  add(note: SearchNote): void {
    if (this.closed) throw new Error('search index: add() after files()');
    // Only a kept base needs digests: without a cache folder nothing is compared, and hashing every body is waste.
    const digest = this.cache ? pageDigest(note.url, note.title, note.date, note.digest?.() ?? createHash('sha256').update(note.html).digest('base64url')) : '';
    this.notes.push({ note, digest });
    if (this.base) {
      if (this.base.pages.get(note.url)?.digest === digest) return;
      if (++this.changed > deltaLimit(this.base.pages.size)) {
        this.fullInstead();
        return;
      }
      this.index ??= startIndex(this.language);
    }
    this.send(note);
  }

  /** Waits for every note, then returns the bundle's files by site path (under {@link SEARCH_DIR}) and stops Pagefind. */
  async files(): Promise<Map<string, Uint8Array>> {
    this.closed = true;
    const base = this.base;
    if (base) {
      const given = new Set(this.notes.map((n) => n.note.url));
      const gone = [...base.pages.keys()].filter((url) => !given.has(url));
      if (this.changed + gone.length > deltaLimit(base.pages.size)) this.fullInstead();
    }
    if (!this.base) {
      const files = await this.collect();
      if (this.cache) {
        const ids = pageIds(files);
        const pages = new Map<string, BasePage>();
        for (const { note, digest } of this.notes) {
          const id = ids.get(note.url);
          if (id) pages.set(note.url, { digest, id });
        }
        writeSearchBase(this.cache.dir, this.cache.key, { pages, files });
      }
      return bundle(files, { merge: [], hide: [] });
    }
    // A delta: the base's files as they are, the changed notes' index beside them, and the base's pages they
    // replace or that are gone hidden from results.
    const given = new Map(this.notes.map((n) => [n.note.url, n.digest]));
    const hide: string[] = [];
    for (const [url, page] of this.base.pages) if (given.get(url) !== page.digest) hide.push(page.id);
    const out = bundle(this.base.files, { merge: this.index ? [DELTA_DIR] : [], hide });
    if (this.index) for (const [name, bytes] of await this.collect()) if (!/^(pagefind\.js|wasm\.)/.test(name)) out.set(SEARCH_DIR + DELTA_DIR + name, bytes);
    return out;
  }

  /** Stops Pagefind without building anything (a build that failed). */
  async abort(): Promise<void> {
    this.closed = true;
    try {
      await (await this.index)?.deleteIndex();
    } catch {
      // it never started: nothing to stop
    }
  }

  private send(note: SearchNote): void {
    const known = note.key ? documents.get(note.key) : undefined;
    let content = known && known.title === note.title && known.date === note.date ? known.document : undefined;
    if (content === undefined) {
      content = searchDocument(note, this.language);
      if (note.key) documents.set(note.key, { title: note.title, date: note.date, document: content });
    }
    const doc = content;
    const done = (this.index as Promise<pagefind.PagefindIndex>)
      .then((index) => index.addHTMLFile({ url: note.url, content: doc }))
      .then((a) => (a.errors.length ? `${note.url}: ${a.errors.join('; ')}` : undefined));
    done.catch(() => undefined);
    this.added.push(done);
  }

  /** Too much changed for a delta: a full index of every note, which becomes the new base. */
  private fullInstead(): void {
    if (!this.base) return;
    this.base = undefined;
    void this.index?.then((i) => i.deleteIndex()).catch(() => undefined);
    this.added.length = 0;
    this.index = startIndex(this.language);
    for (const { note } of this.notes) this.send(note);
  }

  /** The files Pagefind made of what was sent (the shipped ones, by path inside the bundle); stops it. */
  private async collect(): Promise<Map<string, Uint8Array>> {
    const index = await (this.index as Promise<pagefind.PagefindIndex>);
    try {
      const failed = (await Promise.all(this.added)).filter((f): f is string => f !== undefined);
      if (failed.length) throw new Error(`search index: ${failed.join('\n')}`);
      const { files, errors } = await index.getFiles();
      if (errors.length) throw new Error(`search index: ${errors.join('; ')}`);
      const out = new Map<string, Uint8Array>();
      for (const f of files) if (SHIPPED.test(f.path)) out.set(f.path, f.content);
      return out;
    } finally {
      await index.deleteIndex();
    }
  }
}

function startIndex(language: string): Promise<pagefind.PagefindIndex> {
  const index = pagefind.createIndex({ excludeSelectors: EXCLUDE, forceLanguage: language.toLowerCase() }).then((created) => {
    if (!created.index) throw new Error(`search index: Pagefind did not start (${created.errors.join('; ')})`);
    return created.index;
  });
  index.catch(() => undefined); // reported by files(); never an unhandled rejection meanwhile
  return index;
}

/** The site's files of a bundle: `files` under {@link SEARCH_DIR}, and the manifest the client reads first. */
function bundle(files: ReadonlyMap<string, Uint8Array>, manifest: SearchManifest): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of files) out.set(SEARCH_DIR + name, bytes);
  out.set(SEARCH_DIR + MANIFEST, new TextEncoder().encode(JSON.stringify(manifest)));
  return out;
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
