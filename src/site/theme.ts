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
 * is registered on first need and the import tried again.
 */
async function importTheme(entry: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(entry).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if (!entry.endsWith('.ts') || (error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { register } = (await import('tsx/esm/api')) as { register: () => unknown };
    register();
    return (await import(url)) as Record<string, unknown>;
  }
}
