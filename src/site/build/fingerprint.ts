/**
 * "Is the output already up to date?" — the question make answers with timestamps. The fingerprint covers every
 * input of a build: the content folder's files (path, size, mtime), the config, the theme's files, danlu's own
 * code and lockfile (one hash, source-hash.ts), the output folder and the flags. Equal fingerprints mean the
 * previous output is exactly what this build would write, so a rebuild with nothing changed does nothing
 * (`--no-cache` always builds).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { danluSourceHash } from './source-hash.js';

/** Adds `path size mtime` of every file under `dir` to the hash (no contents: stat only, like make). */
function statTree(h: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git' && e.name !== '.danlu-cache') visit(full);
      } else if (e.isFile()) {
        const s = statSync(full);
        h.update(`${path.relative(dir, full)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  visit(dir);
}

/** The inputs a build depends on. */
export interface FingerprintInput {
  contentDir: string;
  outDir: string;
  themeDir: string;
  config: unknown;
  flags: unknown;
}

/** Hash of everything a build reads. */
export function buildFingerprint(input: FingerprintInput): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ config: input.config, flags: input.flags, out: input.outDir, content: input.contentDir }));
  statTree(h, input.contentDir);
  statTree(h, input.themeDir);
  // danlu's own code and dependencies: a changed plugin or KaTeX version means a different site. It covers
  // src/demos and src/engine, the code of the published demo bundle, and the lockfile the packages its data comes
  // from (source-hash.ts: the compile's stamp, or the sources hashed now when run from them).
  h.update(danluSourceHash());
  return h.digest('hex');
}

/**
 * Stands for a theme's code: its folder's files (path, size, mtime) and danlu's own code, which the built-in
 * theme and the `html` helpers every theme uses are part of.
 */
export function themeKey(themeDir: string): string {
  const h = createHash('sha256');
  statTree(h, themeDir);
  h.update(danluSourceHash());
  return h.digest('hex');
}
