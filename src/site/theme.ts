/** Finds a theme by name: the site's own `themes/<name>/index.ts` first, then the themes shipped with danlu. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from './errors.js';
import type { Theme } from './render/context.js';

/** Folder of the themes that ship with danlu. */
export const builtinThemesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'themes');

/** Loads a theme module; it must export `theme` or `default` (or `<name>Theme`) implementing {@link Theme}. */
export async function loadTheme(name: string, siteDir: string): Promise<Theme> {
  const candidates = [path.join(siteDir, 'themes', name), path.join(builtinThemesDir, name)];
  for (const dir of candidates) {
    const entry = ['index.ts', 'index.js'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (!entry) continue;
    const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    const theme = (mod.theme ?? mod.default ?? mod[`${name}Theme`]) as Theme | undefined;
    if (!theme || typeof theme.render !== 'function') {
      throw new ConfigError(`theme "${name}" does not export a theme object`, { path: entry, hint: 'export const theme: Theme = { … } from its index.ts' });
    }
    return theme;
  }
  throw new ConfigError(`theme "${name}" not found`, { path: candidates.join(' or '), hint: 'set `theme: default` or create themes/<name>/index.ts' });
}
