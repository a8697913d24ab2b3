/** Finds a theme by name: the site's own `themes/<name>/index.ts` first, then the themes shipped with danlu. */
import { existsSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from './errors.js';
import type { Theme } from './render/context.js';

/** Folder of the themes that ship with danlu. */
export const builtinThemesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'themes');

/**
 * The themes that ship with danlu, imported by a literal path: the CLI bundle (bin/danlu.js) carries them, so
 * they load without a TypeScript loader.
 */
const BUILTIN: Record<string, () => Promise<Record<string, unknown>>> = {
  default: () => import('../../themes/default/index.js'),
};

/**
 * Loads a theme module; it must export `theme` or `default` (or `<name>Theme`) implementing {@link Theme}.
 * `version` (the dev server's count of theme edits) above 0 imports a site's own theme afresh, with every module
 * it imports: an ES module is otherwise evaluated once per process, and an edit would not show until a restart.
 */
export async function loadTheme(name: string, siteDir: string, version = 0): Promise<Theme> {
  const candidates = [path.join(siteDir, 'themes', name), path.join(builtinThemesDir, name)];
  for (const dir of candidates) {
    const entry = ['index.ts', 'index.js'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (!entry) continue;
    const builtin = path.resolve(dir) === path.join(builtinThemesDir, name) ? BUILTIN[name] : undefined;
    const mod = builtin ? await builtin() : await importTheme(entry, version);
    const theme = (mod.theme ?? mod.default ?? mod[`${name}Theme`]) as Theme | undefined;
    if (!theme || typeof theme.render !== 'function') {
      throw new ConfigError(`theme "${name}" does not export a theme object`, { path: entry, hint: 'export const theme: Theme = { … } from its index.ts' });
    }
    return theme;
  }
  throw new ConfigError(`theme "${name}" not found`, { path: candidates.join(' or '), hint: 'set `theme: default` or create themes/<name>/index.ts' });
}

/**
 * Imports a site's own theme. A TypeScript theme needs a loader: when none is registered (the bundled CLI), tsx's
 * is registered first. Whether one is, is learned from a probe module, not from a failed import of the theme:
 * Node's module loader keeps a failed import's state for that file, and importing it again under tsx then fails.
 */
async function importTheme(entry: string, version: number): Promise<Record<string, unknown>> {
  if (version > 0) freshImports(path.dirname(entry));
  if (entry.endsWith('.ts') && !(await canImportTypeScript())) {
    const { register } = (await import('tsx/esm/api')) as { register: () => unknown };
    register();
  }
  const url = pathToFileURL(entry).href + (version > 0 ? `?${VERSION_PARAM}=${version}` : '');
  return (await import(url)) as Record<string, unknown>;
}

const VERSION_PARAM = 'danlu-theme';

/**
 * A module resolve hook (Node's `module.register`): a module imported from a URL that carries the theme version
 * gets the same version on every module it imports from inside the theme's folder, so a new version evaluates the
 * theme's whole graph again, not only its entry. Modules outside the folder (danlu itself, packages) are shared.
 */
const RESOLVE_HOOK = `
let dir;
export function initialize(data) { dir = data.dir; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = context.parentURL && /[?&]${VERSION_PARAM}=(\\d+)/.exec(context.parentURL);
  if (m && r.url.startsWith(dir) && !r.url.includes('${VERSION_PARAM}=')) return { ...r, url: r.url + (r.url.includes('?') ? '&' : '?') + '${VERSION_PARAM}=' + m[1] };
  return r;
}`;
const hooked = new Set<string>();

/**
 * Makes the next import of a theme in `dir` evaluate its modules again: ES modules through the version hook above;
 * a theme in a folder without `"type": "module"` is loaded as CommonJS by tsx, whose modules are dropped from
 * `require.cache` here.
 */
function freshImports(dir: string): void {
  const prefix = dir + path.sep;
  if (!hooked.has(prefix)) {
    register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`, { data: { dir: pathToFileURL(prefix).href } });
    hooked.add(prefix);
  }
  const cache = createRequire(import.meta.url).cache;
  for (const key of Object.keys(cache)) if (key.startsWith(prefix)) delete cache[key];
}

async function canImportTypeScript(): Promise<boolean> {
  // A computed URL, so no bundler inlines the probe.
  const probe = new URL('./ts-probe.ts', import.meta.url).href;
  try {
    return ((await import(probe)) as { typescript?: boolean }).typescript === true;
  } catch {
    return false;
  }
}
