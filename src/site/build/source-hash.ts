/**
 * The one hash of danlu's own code: every file under `src/` and `themes/` (path and contents) and the lockfile.
 * The render cache keys entries by it (the pipeline's version) and the up-to-date fingerprint includes it, so an
 * edited plugin or an updated package invalidates both without anyone bumping a version.
 *
 * Run from the compiled JavaScript (`lib/`, see bin/compile.js), it is read from the stamp the compile wrote: it
 * was computed once, from the sources that compile was made from. Run from the TypeScript sources (the tests, tsx),
 * there is no stamp and it is computed from the sources as they are now, on every call (~10 ms; callers that
 * need it per note keep it, as the render cache does).
 *
 * `hashSources` is the general form, for a key of some folders only (the demo bundle's, emit/demo-bundle-cache.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where this module runs from: the repository (sources) or its `lib/` folder (compiled). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The compile's stamp, next to the compiled `src/` (bin/compile.js writes it). */
export const STAMP_FILE = 'stamp.json';

/**
 * Hash (16 hex digits) of `seed`, every `.ts`/`.js`/`.json` file under `dirs` (path relative to `base`, and
 * contents, in sorted order; a missing folder counts as empty) and `lockfile` when it exists.
 */
export function hashSources(seed: string, dirs: readonly string[], base: string, lockfile: string): string {
  return hashTree(seed, dirs, base, lockfile, (name) => /\.(ts|js|json)$/.test(name));
}

/**
 * The hash of danlu's code under `repo` (a checkout, or a compiled `lib/` that mirrors one): every file of `src/`
 * and `themes/`, whatever its kind (assets and data are code too), and `package-lock.json`.
 */
export function hashDanluSources(repo: string): string {
  return hashTree('danlu', [path.join(repo, 'src'), path.join(repo, 'themes')], repo, path.join(repo, 'package-lock.json'), () => true);
}

let stamped: string | null | undefined;

/** The hash of the code this process runs: from the compile's stamp, else computed now from the sources. */
export function danluSourceHash(): string {
  if (stamped === undefined) {
    try {
      const stamp = JSON.parse(readFileSync(path.join(root, STAMP_FILE), 'utf8')) as { sourceHash?: unknown };
      stamped = typeof stamp.sourceHash === 'string' ? stamp.sourceHash : null;
    } catch {
      stamped = null; // the sources (no stamp), or a lib/ compiled by hand: hash what is there
    }
  }
  return stamped ?? hashDanluSources(root);
}

function hashTree(seed: string, dirs: readonly string[], base: string, lockfile: string, keep: (name: string) => boolean): string {
  const h = createHash('sha256').update(seed).update('\0');
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (keep(name)) h.update(path.relative(base, full)).update('\0').update(readFileSync(full));
    }
  };
  for (const dir of dirs) visit(dir);
  if (existsSync(lockfile)) h.update(readFileSync(lockfile));
  return h.digest('hex').slice(0, 16);
}
