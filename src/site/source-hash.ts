/**
 * A hash of danlu's own source files and lockfile. The render cache and the render workers' bundle are both
 * keyed by one, so editing a plugin or updating a package invalidates them without anyone bumping a version.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Hash (16 hex digits) of `seed`, every `.ts`/`.js`/`.json` file under `dirs` (path relative to `base`, and
 * contents, in sorted order; a missing folder counts as empty) and `lockfile` when it exists.
 */
export function hashSources(seed: string, dirs: readonly string[], base: string, lockfile: string): string {
  const h = createHash('sha256').update(seed).update('\0');
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (/\.(ts|js|json)$/.test(name)) h.update(path.relative(base, full)).update('\0').update(readFileSync(full));
    }
  };
  for (const dir of dirs) visit(dir);
  if (existsSync(lockfile)) h.update(readFileSync(lockfile));
  return h.digest('hex').slice(0, 16);
}
