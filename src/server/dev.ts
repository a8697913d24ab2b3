/**
 * The dev server: a loop over one site held in memory (build-session.ts). It builds once (drafts included), serves
 * the result on localhost, and on each change to the notes, the theme or the config builds again through the same
 * session: unchanged notes are not read again, renderings whose note and link lookups are unchanged are reused
 * from memory, and pages are rendered through the theme only when requested. An open tab is told to reload (server-
 * sent events) when the page it shows changed, not on every save. A build with errors keeps the last good site
 * served and shows the errors in an overlay until a build succeeds.
 */
import chokidar from 'chokidar';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { build, type BuildOptions } from '../site/build.js';
import { createBuildSession, themeChanged } from '../site/build/build-session.js';
import { warmRenderer } from '../site/build/render-warm.js';
import { configFileNames, loadConfig, siteRoot } from '../site/config.js';
import { providerSources } from '../site/integrations.js';
import { escapeHtml } from '../site/render/html.js';
import { toBytes, toText, type BuildOutput, type FileContent } from '../site/build/output.js';
import { formatMessages } from '../site/report.js';
import { builtinThemesDir } from '../site/theme.js';
import { candidates, requestPath, SECURITY_HEADERS, serveFrom } from './static.js';

/** Options of the dev server. */
export interface DevOptions extends BuildOptions {
  port?: number;
  host?: string;
}

/** A running dev server. */
export interface DevServer {
  url: string;
  server: Server;
  /** Resolves after the next rebuild triggered by a change. */
  nextBuild(): Promise<void>;
  /** Builds done so far (the first included); each is followed by a `: built` line on every event stream. */
  buildCount(): number;
  close(): Promise<void>;
}

/**
 * How long the watcher waits after an event for more before building: an editor's save is one write, or a
 * rename and a write within a few milliseconds; a checkout or a sync tool writes many files in a burst, which this
 * gathers into one build.
 */
const SETTLE_MS = 20;

/**
 * chokidar reports a second `change` of one path within 50 ms of the first not at all (its `_throttle(CHANGE,
 * path, 50)`): a save right after another would be lost. So each changed path is looked at again once that window
 * is over, and a size or time other than at its event counts as a change. (Before this, the settle time had to
 * stay above 50 ms: at 25 ms, test/server/dev-loop.test.ts hung on a retitle saved ~40 ms after an edit.)
 */
const RECHECK_MS = 60;

/**
 * How long after a build the search index is started, unless another change comes first: Pagefind re-reads every
 * note (seconds of CPU at 1000 notes), which a writer saving every few seconds should not pay each time.
 */
const SEARCH_AFTER_MS = 1000;

// The tab says which page it shows, so it is told to reload only when that page changed.
const RELOAD_SCRIPT =
  `<script>new EventSource('/__danlu/events?path='+encodeURIComponent(location.pathname)).onmessage=function(){location.reload()}</script>`;

/**
 * The dev server's Content-Security-Policy: everything from this server only, so a note's raw HTML cannot load or
 * send anything elsewhere while it is previewed. Inline scripts stay allowed (the theme's pre-paint script and the
 * live-reload script above are inline), and `'unsafe-eval'` because gpu.js compiles kernels with `new Function`;
 * images may come from https (notes link pictures on other sites), fonts and images also as `data:`.
 */
export const DEV_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * {@link DEV_CSP} widened by exactly the origins the site's configured comments and analytics need (none: the
 * same policy), so a writer previews giscus or Umami in dev as readers will see them.
 */
export function devCsp(config: Parameters<typeof providerSources>[0]): string {
  const extra = providerSources(config);
  const has = (d: string): boolean => DEV_CSP.split('; ').some((p) => p.startsWith(`${d} `));
  const parts = DEV_CSP.split('; ').map((p) => {
    const d = p.split(' ')[0] as keyof typeof extra;
    return extra[d] ? `${p} ${extra[d].join(' ')}` : p;
  });
  // frame-src is not in the base policy (it falls back to default-src 'self').
  for (const [d, sources] of Object.entries(extra)) if (!has(d)) parts.push(`${d} 'self' ${sources.join(' ')}`);
  return parts.join('; ');
}

/** Starts the dev server. */
export async function startDevServer(options: DevOptions = {}): Promise<DevServer> {
  const siteDir = path.resolve(options.siteDir ?? '.');
  const contentDir = path.resolve(siteDir, options.contentDir ?? 'content');
  const { config } = loadConfig(siteDir, options.configPath, contentDir);
  // Re-read on every change: a config edit that adds a provider is let through on the next page load.
  let csp = devCsp(config);
  const refreshCsp = (): void => {
    try {
      csp = devCsp(loadConfig(siteDir, options.configPath, contentDir).config);
    } catch {
      // A broken config is the rebuild's error to show; the policy stays as it was.
    }
  };
  const local = `http://${options.host ?? '127.0.0.1'}:${options.port ?? 4000}`;
  // Serve under the configured base path, so links behave as they will when deployed.
  const merged = { ...options.config, url: options.config?.url ?? local + new URL(config.url).pathname.replace(/\/+$/, '') };
  const root = siteRoot({ ...config, ...merged });

  const session = createBuildSession();
  const buildOpts: BuildOptions = { search: 'background', ...options, siteDir, contentDir, drafts: options.drafts ?? true, write: false, config: merged, session };

  let output: BuildOutput = { files: new Map(), copies: new Map() };
  let errors = '';
  /** Each open tab's event stream, with the path of the page it shows and a digest of that page as served. */
  const clients = new Map<ServerResponse, { path: string | undefined; digest: string | undefined }>();
  let waiters: Array<() => void> = [];
  let themeEdited = false;
  let builds = 0;
  let searchTimer: NodeJS.Timeout | undefined;
  let indexing: Promise<void> = Promise.resolve();

  const content = (rel: string): FileContent | undefined => output.files.get(rel) ?? output.pages?.get(rel)?.();
  const source = (rel: string): Uint8Array | string | undefined => {
    const f = content(rel);
    if (f !== undefined) return typeof f === 'string' || f instanceof Uint8Array ? f : toText(f);
    const copy = output.copies.get(rel);
    if (!copy) return undefined;
    try {
      return readFileSync(copy);
    } catch {
      return undefined; // deleted (or unreadable) since the last good build: a 404 until the next one
    }
  };
  /** A digest of what the page at a tab's path (`location.pathname`) would be served as now; none for a 404. */
  const digestOf = (tabPath: string): string | undefined => {
    let list: string[];
    try {
      list = candidates(requestPath(tabPath), root);
    } catch {
      return undefined;
    }
    for (const rel of list) {
      const f = content(rel);
      if (f !== undefined) return createHash('sha1').update(toBytes(f)).digest('hex');
    }
    return undefined;
  };

  const rebuild = async (): Promise<void> => {
    const t0 = performance.now();
    const hadErrors = errors !== '';
    const styles = themeEdited;
    themeEdited = false;
    try {
      const result = await build(buildOpts);
      const text = formatMessages(result.report.messages);
      if (text) console.error(text);
      if (result.ok) {
        output = result.output;
        errors = '';
        // The pages are served now; the search index is built once the writer pauses, and joins this output when
        // Pagefind is done (unless a newer build replaced it meanwhile).
        const built = result.output;
        const indexSearch = result.search;
        clearTimeout(searchTimer);
        if (indexSearch) {
          searchTimer = setTimeout(() => {
            indexing = indexSearch().then(
              (files) => {
                for (const [rel, bytes] of files) built.files.set(rel, bytes);
              },
              (error: unknown) => {
                if (built === output) console.error(`search index not built: ${error instanceof Error ? error.message : String(error)}`);
              },
            );
          }, SEARCH_AFTER_MS);
        }
      } else errors = text;
      console.log(`${result.ok ? 'rebuilt' : 'build has errors'} in ${Math.round(performance.now() - t0)} ms`);
    } catch (error) {
      errors = error instanceof Error ? error.message : String(error);
      console.error(errors);
    }
    // A tab reloads when its page changed, when the overlay appears or goes, or when the theme (its styles and
    // scripts, which every page shares) changed.
    const everyone = styles || hadErrors || errors !== '';
    for (const [c, shown] of clients) {
      const digest = shown.path === undefined ? undefined : digestOf(shown.path);
      if (everyone || shown.path === undefined || digest !== shown.digest) {
        c.write('data: reload\n\n');
        clients.set(c, { path: shown.path, digest });
      }
      // A comment line, which EventSource ignores: tells a tool on the stream that this build is done.
      c.write(': built\n\n');
    }
    builds++;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };

  const overlay = (): string =>
    errors
      ? `<div role="alert" style="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;background:#300;color:#fee;font:13px/1.5 monospace;padding:1em;z-index:9999;white-space:pre-wrap">${escapeHtml(errors)}</div>`
      : '';
  const server = createServer((req, res) => {
    if (req.url === '/__danlu/events' || req.url?.startsWith('/__danlu/events?')) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const shown = new URL(req.url, 'http://localhost').searchParams.get('path');
      // Without a path (an old tab's script): told of every build.
      clients.set(res, shown === null ? { path: undefined, digest: undefined } : { path: shown, digest: digestOf(shown) });
      req.on('close', () => clients.delete(res));
      return;
    }
    serveFrom(source, root, req, res, {
      transform: (html) => html.replace('</body>', `${overlay()}${RELOAD_SCRIPT}</body>`),
      headers: { 'content-security-policy': csp },
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4000);
  const url = `http://${options.host ?? '127.0.0.1'}:${port}${root}`;
  // Built once the port is known (`port: 0` picks one), so canonical links and the feed name the address served.
  if (options.config?.url === undefined) merged.url = `http://${options.host ?? '127.0.0.1'}:${port}${new URL(config.url).pathname.replace(/\/+$/, '')}`;
  await rebuild();
  // The next save renders its note on this thread: load the pipeline now, while the writer opens the browser.
  const warming = warmRenderer(session.languages).catch(() => undefined);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // Only paths that exist: chokidar 5 reports no events at all when one of the watched paths is missing.
  const watched = [contentDir, path.join(siteDir, 'themes'), builtinThemesDir, ...configFileNames.map((f) => path.join(siteDir, f))].filter((p) => existsSync(p));
  const watcher = chokidar.watch(watched, {
    ignoreInitial: true,
    ignored: (p: string) => /(^|[/\\])(\.git|node_modules|\.danlu-cache)([/\\]|$)/.test(p),
  });
  const themeDirs = [path.join(siteDir, 'themes'), builtinThemesDir].map((d) => d + path.sep);
  const seen = new Map<string, { stamp: string; timer: NodeJS.Timeout }>();
  const stampOf = (file: string): string => {
    try {
      const st = statSync(file);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return 'gone';
    }
  };
  const onChange = (file: string): void => {
    clearTimeout(seen.get(file)?.timer);
    const stamp = stampOf(file);
    const timer = setTimeout(() => {
      const was = seen.get(file);
      seen.delete(file);
      if (was && stampOf(file) !== was.stamp) onChange(file); // a save chokidar did not report
    }, RECHECK_MS);
    timer.unref();
    seen.set(file, { stamp, timer });
    changed(file);
  };
  const changed = (file: string): void => {
    if (configFileNames.includes(path.basename(file))) refreshCsp();
    clearTimeout(searchTimer);
    if (themeDirs.some((d) => file.startsWith(d))) {
      themeChanged(session);
      themeEdited = true;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(rebuild);
    }, SETTLE_MS);
  };
  watcher.on('all', (_event, file) => onChange(file));
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));

  return {
    url,
    server,
    nextBuild: () => new Promise<void>((resolve) => waiters.push(resolve)),
    buildCount: () => builds,
    async close() {
      clearTimeout(timer);
      for (const { timer: recheck } of seen.values()) clearTimeout(recheck);
      seen.clear();
      clearTimeout(searchTimer);
      await watcher.close();
      for (const c of clients.keys()) c.end();
      await running;
      await warming;
      await session.search?.abort();
      await indexing;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
