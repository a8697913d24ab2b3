/** Finds a theme by name: the site's own `themes/<name>/index.ts` first, then the themes shipped with danlu. */
import { existsSync } from 'node:fs';
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

/** Loads a theme module; it must export `theme` or `default` (or `<name>Theme`) implementing {@link Theme}. */
export async function loadTheme(name: string, siteDir: string): Promise<Theme> {
  const candidates = [path.join(siteDir, 'themes', name), path.join(builtinThemesDir, name)];
  for (const dir of candidates) {
    const entry = ['index.ts', 'index.js'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (!entry) continue;
    const builtin = path.resolve(dir) === path.join(builtinThemesDir, name) ? BUILTIN[name] : undefined;
    const mod = builtin ? await builtin() : await importTheme(entry);
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
async function importTheme(entry: string): Promise<Record<string, unknown>> {
  if (entry.endsWith('.ts') && !(await canImportTypeScript())) {
    const { register } = (await import('tsx/esm/api')) as { register: () => unknown };
    register();
  }
  return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
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
