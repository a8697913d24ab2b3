/**
 * A build is a list of named, timed phases (Zola's build command): load → plan → render → model → pages → write.
 * Content problems never throw: they are collected as messages and the other notes still build. Output is only
 * swapped into place when there are no errors, so a failed build leaves the previous site untouched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, siteRoot, type SiteConfig } from './config.js';
import { countNoteFiles, loadContent } from './content/loader.js';
import { fenceSampler } from './markdown/fence-samples.js';
import { createLinkResolver } from './markdown/links.js';
import type { NoteHtml, ProcessorSettings } from './markdown/processor.js';
import type { Message } from './messages.js';
import { buildSiteModel, type RenderedPost } from './model/routes.js';
import { planPages } from './model/pages.js';
import { FILES_DIR, linkTable, planPosts, postAssetPaths, type PlannedPost } from './model/posts.js';
import { cachedDemoBundle } from './emit/demo-bundle-cache.js';
import { EMITTERS, type EmitContext } from './emit/index.js';
import { demoData } from './emit/demo-data.js';
import { buildFingerprint, themeKey } from './build/fingerprint.js';
import { OUTPUT_MARKER, OutputWriter, fileStamps, outputDigest, prepareOutputDir, type BuildOutput, type FileContent } from './build/output.js';
import type { SiteInfo } from './render/context.js';
import { SearchIndex, type SearchNote } from './search/pagefind-index.js';
import { dayInZone } from './content/dates.js';
import { pipelineCodeHash, RenderCache, renderKey } from './build/render-cache.js';
import { RenderPool, renderAll, workersFor } from './build/render-pool.js';
import { applyStrict, type BuildProgress, type BuildReport } from './report.js';
import { loadTheme } from './theme.js';
import { defaultCacheDir } from './build/cache-dir.js';
import type { BuildSession } from './build/build-session.js';
import { htmlDigest, type RecordedNote } from './build/note-codec.js';
import { readNoteMemo, writeNoteMemo } from './build/note-memo.js';
import { PageRecord } from './build/page-record.js';
import { readsCounts } from './model/term-counts.js';
import { lookupsHold } from './markdown/links.js';

/** What to build and how. */
export interface BuildOptions {
  /** Folder of the site (config file, site themes); defaults to the working directory. */
  siteDir?: string;
  /** Notes folder; defaults to `<siteDir>/content`. */
  contentDir?: string;
  /** Output folder; defaults to `<siteDir>/dist`. */
  outDir?: string;
  configPath?: string;
  /** Overrides on top of the config file (used by tests and the dev server). */
  config?: Partial<SiteConfig>;
  strict?: boolean;
  /** Include `draft: true` notes (the dev server does). */
  drafts?: boolean;
  /** Persistent cache folder; `false` disables it. Defaults to `.danlu-cache` beside the output folder. */
  cacheDir?: string | false;
  /** Write to `outDir` (default true); the dev server keeps the output in memory instead. */
  write?: boolean;
  /** Render threads; 1 renders on the main thread only. Default: see `workersFor` in render-pool.ts. */
  threads?: number;
  /**
   * The search index (Pagefind, seconds at 1000 notes): `inline` (default) builds it with the site, in Pagefind's
   * process while the pages are made; `background` returns the pages and a function that builds the index,
   * {@link BuildResult.search} (the dev server: a saved note shows without waiting for the index; only with
   * `write: false`); `off` skips it (`check`, which publishes nothing).
   */
  search?: 'inline' | 'background' | 'off';
  /**
   * State kept from the previous build of this site in this process (build-session.ts; the dev server): unchanged
   * notes are not read again, renderings come from memory, and with `write: false` pages are rendered through the
   * theme when {@link BuildOutput.pages} is asked for them rather than all up front.
   */
  session?: BuildSession;
  /** Told when each phase starts and after each note is rendered (the CLI's progress line, report.ts). */
  onProgress?: ((progress: BuildProgress) => void) | undefined;
}

/** The outcome of a build. */
export interface BuildResult {
  ok: boolean;
  report: BuildReport;
  output: BuildOutput;
  outDir: string;
  /**
   * With `search: 'background'`: builds the search index when called (the dev server calls it once the writer
   * pauses) and resolves to its files (site-relative path → bytes).
   */
  search?: () => Promise<Map<string, Uint8Array>>;
}

/** Where the demo bundle is published, under the site root (inside the reserved `assets/`). */
export const DEMOS_DIR = 'assets/demos/';

const katexDist = path.dirname(fileURLToPath(import.meta.resolve('katex')));

/** Runs a whole build. Throws only for failures that are not content problems (config, folders, disk). */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    options.onProgress?.({ phase: name });
    const t0 = performance.now();
    const out = await fn();
    phases[name] = Math.round(performance.now() - t0);
    return out;
  };

  const siteDir = path.resolve(options.siteDir ?? '.');
  const contentDir = path.resolve(siteDir, options.contentDir ?? 'content');
  const outDir = path.resolve(siteDir, options.outDir ?? 'dist');
  const loaded = loadConfig(siteDir, options.configPath, contentDir);
  const config: SiteConfig = { ...loaded.config, ...options.config };
  const root = siteRoot(config);
  // Also repairs what an interrupted build left: no site between the swap's renames, stale temporary folders.
  if (options.write !== false) prepareOutputDir(outDir, contentDir);
  const session = options.session;
  const theme = await loadTheme(config.theme, siteDir, session?.themeVersion);
  const messages: Message[] = [];
  // Beside the output by default, unless that lands among the notes (`--content .`): then the user's cache folder.
  const cacheDir =
    options.cacheDir === false
      ? undefined
      : path.resolve(options.cacheDir ?? defaultCacheDir({ siteDir, contentDir, outDir }) ?? path.join(path.dirname(outDir), '.danlu-cache'));

  // Nothing changed since the last successful build into this folder: its output is what we would write.
  const fingerprint =
    cacheDir && options.write !== false
      ? await phase('fingerprint', () =>
          buildFingerprint({
            // A Hexo blog's pages and files live beside its notes, in `source/`.
            contentDir: loaded.hexo?.sourceDir ?? contentDir,
            outDir,
            themeDir: path.dirname(theme.assetsDir),
            config: { config, hexo: loaded.hexo },
            flags: { strict: options.strict, drafts: options.drafts },
          }),
        )
      : undefined;
  const last = fingerprint && cacheDir ? readLastBuild(cacheDir) : undefined;
  // The output must also be the one that build left: a deleted or edited page is rebuilt.
  if (fingerprint && last?.fingerprint === fingerprint && existsSync(path.join(outDir, OUTPUT_MARKER)) && last.output === outputDigest(outDir)) {
    const report: BuildReport = { ...last.report, durationMs: Math.round(performance.now() - started), phases, upToDate: true };
    return { ok: true, report, output: { files: new Map(), copies: new Map() }, outDir };
  }

  // A cold build of a big folder will render on workers: start them now, so loading the pipeline's modules
  // overlaps with reading the notes. With a cache, most notes are usually hits, so the pool waits for the count.
  const cache = RenderCache.open(cacheDir);
  const threads = options.threads;
  const loadRules = { exclude: config.exclude, hexo: loaded.hexo, updatedOption: config.updatedOption };
  let pool = cache.isEmpty() ? startPool(workersFor(countNoteFiles(contentDir, loadRules), threads), threads) : undefined;
  try {
    return await buildContent();
  } finally {
    await pool?.close();
  }

  async function buildContent(): Promise<BuildResult> {
    // Workers load the languages the notes highlight while the rest of the folder is read (fence-samples.ts).
    const onNote =
      pool || session
        ? fenceSampler((lang, code) => {
            pool?.warm(lang, code);
            if (session && !session.languages.has(lang)) session.languages.set(lang, code);
          })
        : undefined;
    // Without a session (the CLI), the notes as the last build read them come from the cache (build/note-memo.ts).
    const memo = session?.notes ?? (cacheDir && options.write !== false ? readNoteMemo(cacheDir, contentDir) : undefined);
    const content = await phase('load', () => {
      const loaded = loadContent(contentDir, { timezone: config.timezone, onNote, ...loadRules, reuse: memo });
      if (memo && !session && cacheDir) writeNoteMemo(cacheDir, contentDir, memo);
      return loaded;
    });
    messages.push(...content.messages);

    const planned = await phase('plan', () => planPosts(content.notes, config, root, options.drafts));
    messages.push(...planned.messages);
    const plannedPages = planPages(content.pages, root, messages);
    // Posts and pages render alike, in one batch; pages come after the posts.
    const toRender = [...planned.posts, ...plannedPages];
    const assetPaths = postAssetPaths(planned.posts, content.files, config.postAssetFolder);
    const table = linkTable(planned.posts, content.files, root, assetPaths);

    // Pagefind indexes in its own process: each published note is sent as soon as its HTML exists (cached ones at
    // once, fresh ones as the workers finish them), so the index grows while the notes and then the pages render.
    // Its files come last, so the writer learns their names (content hashes) only then.
    const searchMode = options.search === 'background' && options.write !== false ? 'inline' : (options.search ?? 'inline');
    const search = searchMode === 'inline' ? SearchIndex.start(config.language, cacheDir) : undefined;
    const searchNote = (post: PlannedPost, html: NoteHtml): SearchNote => ({
      url: post.url,
      title: post.note.meta.title,
      date: dayInZone(post.note.meta.date, config.timezone),
      // Read only when the document is not known yet: a cached body stays undecoded bytes until then.
      get html() {
        return html.html;
      },
      key: html,
      digest: () => htmlDigest(html),
    });
    // Sent in the notes' order whatever order they render in: Pagefind numbers pages as they come, and the same
    // notes must give the same index files.
    const ready: Array<NoteHtml | undefined> = [];
    let sent = 0;
    const indexNote = (i: number, html: NoteHtml): void => {
      if (!search || i >= planned.posts.length) return; // pages (after the posts) are not searched
      ready[i] = html;
      for (let next = ready[sent]; next !== undefined && sent < planned.posts.length; next = ready[++sent]) {
        search.add(searchNote(planned.posts[sent] as PlannedPost, next));
        ready[sent] = undefined;
      }
    };

    let renderKeys: string[] = [];
    const rendered: RenderedPost[] = await phase('render', async () => {
      // Every processor setting, in one object: the same one keys the cache and builds the processor.
      const settings: ProcessorSettings = {
        language: config.language,
        breaks: config.breaks,
        externalLink: config.externalLink ? { siteUrl: config.url, exclude: config.externalLinkExclude } : undefined,
        katex: { macros: config.katex.macros, preamble: config.katex.preambleTex },
      };
      // A note's entry is reused while what it looked up in the other notes still resolves the same: adding a note
      // renders only the notes whose links now reach it. The content folder's place is in the key (render-cache.ts).
      const keys = toRender.map((post) => renderKey(post.note.hash, post.note.rel, contentDir, settings));
      renderKeys = keys;
      const resolver = createLinkResolver(table);
      const remembered = session?.renders;
      const cached = keys.map((k) => {
        const held = remembered?.get(k);
        if (held && lookupsHold(held.lookups ?? [], resolver)) {
          cache.adopt(k); // its disk entry belongs to this build too
          return held;
        }
        return cache.get(k, resolver, { bodyLater: !session });
      });
      cached.forEach((html, i) => html && indexNote(i, html));
      // A few notes render here, on this thread: their last renderings' highlighted code is taught to Shiki's
      // cache first, so a prose edit loads no grammar. (Many go to workers, which have caches of their own.)
      const misses = toRender.filter((_, i) => !cached[i]);
      if (misses.length > 0 && !pool && workersFor(misses.length, threads) === 0) {
        for (const post of misses) {
          const last = cache.previous(post.note.rel);
          if (!last?.highlighted) continue;
          const { seedHighlights } = await import('./markdown/plugins/rehype-shiki-cached.js'); // Shiki only if needed
          seedHighlights(last.highlighted, last.html);
        }
      }
      const jobOf: number[] = []; // render job → index in toRender
      const fresh = await renderAll(
        toRender.flatMap((p, i) => {
          if (cached[i]) return [];
          jobOf.push(i);
          return [{ input: { rel: p.note.rel, display: p.note.display, body: p.note.body }, cacheFile: cache.fileFor(keys[i] as string) }];
        }),
        { ...settings, links: table, ...(cacheDir ? { diagramStore: { dir: path.join(cacheDir, 'diagrams-v1'), version: pipelineCodeHash() } } : {}) },
        threads,
        pool,
        (done, total, job, note) => {
          indexNote(jobOf[job] as number, note);
          options.onProgress?.({ phase: 'render', done, total });
        },
      );
      pool = undefined; // renderAll closed it
      let m = 0;
      const kept = new Map<string, RecordedNote>();
      const out = toRender.map((post, i) => {
        let html = cached[i];
        if (!html) {
          html = fresh[m++] as NoteHtml;
          cache.adopt(keys[i] as string);
        }
        kept.set(keys[i] as string, html as RecordedNote);
        return { ...post, html };
      });
      if (session) session.renders = kept; // what no note uses any more is forgotten
      return out;
    });
    for (const p of rendered) messages.push(...p.html.messages);
    const renderedPages = rendered.splice(planned.posts.length);

    // Live demos: only a page with a ```demo loads the demos' loader, and the bundle is made (or read from the
    // cache) only when some published page has one. Its files go under assets/demos/ (a reserved top-level name,
    // so no permalink can take it).
    const demoPages = new Set<string>();
    for (const p of [...rendered, ...renderedPages]) if (p.html.demos?.length) demoPages.add(p.url);
    const demoBundle = demoPages.size ? await phase('demos', async () => (await cachedDemoBundle(cacheDir, { data: demoData })).bundle) : undefined;
    const demoFiles = new Map([...(demoBundle?.files ?? [])].map(([name, bytes]) => [DEMOS_DIR + name, bytes] as const));
    const demoModule = demoBundle ? DEMOS_DIR + demoBundle.hydrator : undefined;

    const site: SiteInfo = {
      title: config.title,
      subtitle: config.subtitle,
      description: config.description,
      author: config.author,
      url: config.url,
      root,
      language: config.language,
      timezone: config.timezone,
      ...(config.comments ? { comments: config.comments } : {}),
      ...(config.analytics.length ? { analytics: config.analytics } : {}),
    };
    const t = theme.strings[config.language];
    const model = await phase('model', () => buildSiteModel(rendered, config, root, t, renderedPages));

    const output: BuildOutput = { files: new Map(), copies: new Map() };
    for (const p of [...rendered, ...renderedPages]) for (const a of p.html.assets) output.copies.set(assetPaths.get(a) ?? FILES_DIR + a, path.join(content.root, a));
    // Hexo publishes every file of a published post's asset folder, linked or not.
    for (const [rel, sitePath] of assetPaths) output.copies.set(sitePath, path.join(content.root, rel));
    output.copies.set('katex/katex.min.css', path.join(katexDist, 'katex.min.css'));
    for (const f of readdirSync(path.join(katexDist, 'fonts'))) {
      if (f.endsWith('.woff2')) output.copies.set(`katex/fonts/${f}`, path.join(katexDist, 'fonts', f));
    }
    for (const f of listFiles(theme.assetsDir)) output.copies.set(`assets/${f}`, path.join(theme.assetsDir, f));

    const finalMessages = applyStrict(messages, options.strict ?? false);
    const ok = !finalMessages.some((m) => m.severity === 'error');
    // Each page goes to the writer as soon as it is rendered: the kernel writes it on libuv's threads while the
    // next page renders here, instead of all pages first and all writes after.
    // A Hexo blog's own files in `source/` (images, CNAME, a robots.txt of its own) are published at their paths;
    // a generated page keeps its path, a generated extra file gives way to the blog's own.
    const generated = new Set(model.routes.map((r) => r.file)); // a page keeps its path; the blog's file gives way
    for (const f of content.sourceFiles) if (!generated.has(f.path) && !demoFiles.has(f.path)) output.copies.set(f.path, f.abs);
    let searchLater: (() => Promise<Map<string, Uint8Array>>) | undefined;
    if (searchMode === 'background' && ok) {
      searchLater = () => {
        // A session's previous index is stopped when it is still at work: this one replaces it.
        void session?.search?.abort();
        const index = SearchIndex.start(config.language, cacheDir);
        planned.posts.forEach((post, i) => {
          const html = rendered[i]?.html;
          if (html) index.add(searchNote(post, html));
        });
        if (session) session.search = index;
        return index.files();
      };
    }
    // Every output file is named before any is made: the writer prepares the folder, the dev server serves each
    // on request. A blog's own file in `source/` replaces a generated feed, sitemap, robots.txt or search.json.
    const emitContext: EmitContext = {
      themeKey: themeKey(path.dirname(theme.assetsDir)),
      site,
      config,
      model,
      theme,
      notes: rendered.map((p) => p.html),
      modulesOf: (url) => (demoModule && demoPages.has(url) ? [site.root + demoModule] : undefined),
    };
    const own = new Set(content.sourceFiles.map((f) => f.path));
    const emitted = EMITTERS.flatMap((e) => [...e.emit(emitContext)].filter((f) => !(f.yields && own.has(f.path))));
    const writer =
      ok && options.write !== false
        ? OutputWriter.open(outDir, [...emitted.map((f) => f.path), ...demoFiles.keys(), ...output.copies.keys()])
        : undefined;
    // A page whose context and theme are those of the previous build's page is not rendered again.
    const record = writer ? PageRecord.open(cacheDir, outDir) : undefined;
    // A build that writes keeps no page in memory once it is handed to the writer: holding all of them (~150 MB at
    // 1000 notes) made every scavenge on this thread copy the growing set, ~20 ms each, ~0.7 s of the pages phase.
    const emit = async (rel: string, data: FileContent): Promise<void> => {
      if (writer) await writer.file(rel, data);
      else output.files.set(rel, data);
    };
    // Every note has been sent: Pagefind builds its chunks and fragments while this thread makes the pages.
    const searchFiles = searchMode === 'inline' ? search?.files() : undefined;
    searchFiles?.catch(() => undefined); // awaited below; a failure before then is not unhandled
    try {
      await phase('pages', async () => {
        for (const [rel, bytes] of demoFiles) await emit(rel, bytes);
        // With a session and nothing written (the dev server), a file is made when it is asked for.
        const lazy = session && !writer ? (output.pages = new Map()) : undefined;
        for (const f of emitted) {
          const digestOf = f.digest;
          if (record && digestOf) {
            if (record.unchanged(f.path, digestOf)) await writer?.keep(f.path);
            else {
              const { value, read } = readsCounts(f.content);
              record.made(f.path, digestOf(read), read);
              await emit(f.path, value);
            }
          } else if (!lazy) await emit(f.path, f.content());
          else {
            let made: FileContent | undefined;
            lazy.set(f.path, () => (made ??= f.content()));
          }
        }
      });
      if (searchFiles) for (const [rel, bytes] of await phase('search', () => searchFiles)) await emit(rel, bytes);
    } catch (error) {
      if (searchMode === 'inline') await search?.abort();
      await writer?.abort();
      throw error;
    }
    if (writer) await phase('write', () => writer.commit(output.copies));
    // What the output now holds, stat'ed once for the page record and the next build's "up to date".
    const stamps = writer ? fileStamps(outDir, writer.files()) : undefined;
    record?.save(stamps);
    if (ok) cache.save(new Map(toRender.map((p, i) => [p.note.rel, renderKeys[i] as string])));

    const math = { inline: 0, display: 0, errors: 0 };
    for (const p of rendered) {
      math.inline += p.html.math.inline;
      math.display += p.html.math.display;
      math.errors += p.html.math.errors;
    }
    const diagrams: BuildReport['diagrams'] = {};
    for (const p of rendered) for (const d of p.html.diagrams ?? []) {
      const k = (diagrams[d.kind] ??= { count: 0, cached: 0, ms: 0, msPerDiagram: 0 });
      k.count++;
      if (d.cached) k.cached++;
      k.ms += d.ms;
    }
    for (const k of Object.values(diagrams)) {
      k.ms = Math.round(k.ms * 10) / 10;
      k.msPerDiagram = Math.round((k.ms / k.count) * 100) / 100;
    }
    const report: BuildReport = {
      notes: content.notes.length,
      pages: model.routes.length,
      durationMs: Math.round(performance.now() - started),
      phases,
      math,
      diagrams,
      messages: finalMessages,
      notices: options.config?.url ? loaded.notices.filter((n) => n !== loaded.urlNotice) : loaded.notices,
    };
    if (ok && fingerprint && cacheDir) writeJson(path.join(cacheDir, 'last-build.json'), { fingerprint, report, output: outputDigest(outDir, stamps) });
    return searchLater ? { ok, report, output, outDir, search: searchLater } : { ok, report, output, outDir };
  }
}

/** Starts `workers` render workers; with no thread count asked for, the pool may start one more (render-pool.ts). */
function startPool(workers: number, threads: number | undefined): RenderPool | undefined {
  return workers > 0 ? RenderPool.start(workers, threads === undefined) : undefined;
}

interface LastBuild {
  fingerprint: string;
  report: BuildReport;
  /** {@link outputDigest} of the folder it wrote. */
  output?: string;
}

function readLastBuild(cacheDir: string): LastBuild | undefined {
  return readJson<LastBuild>(path.join(cacheDir, 'last-build.json'));
}

function readJson<T>(file: string | undefined): T | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined; // a damaged cache file only costs a full build
  }
}

function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data));
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) out.push(...listFiles(path.join(dir, e.name), `${prefix}${e.name}/`));
    else if (e.isFile()) out.push(prefix + e.name);
  }
  return out;
}
