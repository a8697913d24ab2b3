/**
 * The dev server: builds into memory (drafts included), serves it on localhost, watches the notes, the theme and
 * the config, rebuilds on change — the persistent render cache makes that a re-render of the changed notes only —
 * and reloads open pages through server-sent events. A build with errors keeps the last good site and shows
 * the errors in an overlay.
 */
import chokidar from 'chokidar';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { build, type BuildOptions } from '../site/build.js';
import { configFileNames, loadConfig, siteRoot } from '../site/config.js';
import { providerSources } from '../site/integrations.js';
import { escapeHtml } from '../site/render/html.js';
import { toText, type BuildOutput } from '../site/output.js';
import { formatMessages } from '../site/report.js';
import { builtinThemesDir } from '../site/theme.js';
import { SECURITY_HEADERS, serveFrom } from './static.js';

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
  close(): Promise<void>;
}

const RELOAD_SCRIPT = `<script>new EventSource('/__danlu/events').onmessage=function(){location.reload()}</script>`;

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
  const buildOpts: BuildOptions = { search: 'background', ...options, siteDir, contentDir, drafts: options.drafts ?? true, write: false, config: merged };

  let output: BuildOutput = { files: new Map(), copies: new Map() };
  let errors = '';
  const clients = new Set<ServerResponse>();
  let waiters: Array<() => void> = [];

  const rebuild = async (): Promise<void> => {
    const t0 = performance.now();
    try {
      const result = await build(buildOpts);
      const text = formatMessages(result.report.messages);
      if (text) console.error(text);
      if (result.ok) {
        output = result.output;
        errors = '';
        // The pages are served now; the search index joins this output when Pagefind is done (unless a newer
        // build replaced it meanwhile).
        const built = result.output;
        void result.search?.then(
          (files) => {
            for (const [rel, bytes] of files) built.files.set(rel, bytes);
          },
          (error: unknown) => console.error(`search index not built: ${error instanceof Error ? error.message : String(error)}`),
        );
      } else errors = text;
      console.log(`${result.ok ? 'rebuilt' : 'build has errors'} in ${Math.round(performance.now() - t0)} ms`);
    } catch (error) {
      errors = error instanceof Error ? error.message : String(error);
      console.error(errors);
    }
    for (const c of clients) c.write('data: reload\n\n');
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  await rebuild();

  const source = (rel: string): Uint8Array | string | undefined => {
    const f = output.files.get(rel);
    if (f !== undefined) return typeof f === 'string' || f instanceof Uint8Array ? f : toText(f);
    const copy = output.copies.get(rel);
    if (!copy) return undefined;
    try {
      return readFileSync(copy);
    } catch {
      return undefined; // deleted (or unreadable) since the last good build: a 404 until the next one
    }
  };
  const overlay = (): string =>
    errors
      ? `<div role="alert" style="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;background:#300;color:#fee;font:13px/1.5 monospace;padding:1em;z-index:9999;white-space:pre-wrap">${escapeHtml(errors)}</div>`
      : '';
  const server = createServer((req, res) => {
    if (req.url === '/__danlu/events') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
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

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // Only paths that exist: chokidar 5 reports no events at all when one of the watched paths is missing.
  const watched = [contentDir, path.join(siteDir, 'themes'), builtinThemesDir, ...configFileNames.map((f) => path.join(siteDir, f))].filter((p) => existsSync(p));
  const watcher = chokidar.watch(watched, {
    ignoreInitial: true,
    ignored: (p: string) => /(^|[/\\])(\.git|node_modules|\.danlu-cache)([/\\]|$)/.test(p),
  });
  watcher.on('all', (_event, file) => {
    if (configFileNames.includes(path.basename(file))) refreshCsp();
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(rebuild);
    }, 80);
  });
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));

  return {
    url,
    server,
    nextBuild: () => new Promise<void>((resolve) => waiters.push(resolve)),
    async close() {
      clearTimeout(timer);
      await watcher.close();
      for (const c of clients) c.end();
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
