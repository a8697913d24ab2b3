/**
 * Where the render cache goes when the user did not say. The build's default is `.danlu-cache` beside the output
 * folder, which is the working folder by default; with `--content .` that folder is the notes folder, and the cache
 * would be written among the notes (a vault synced elsewhere, a git repository of notes). Then the cache goes to
 * the user's cache folder instead, one subfolder per notes folder so two blogs never share one.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

/** The folders that decide where the cache may go; relative ones resolve against `siteDir`. */
export interface CachePlace {
  siteDir?: string | undefined;
  contentDir?: string | undefined;
  outDir?: string | undefined;
}

/** `dir` with symlinks resolved as far as it exists, so a link to the notes counts as the notes. */
function real(dir: string): string {
  const tail: string[] = [];
  let head = path.resolve(dir);
  for (;;) {
    try {
      return path.join(realpathSync(head), ...tail);
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return path.resolve(dir);
      tail.unshift(path.basename(head));
      head = parent;
    }
  }
}

/** True when `inner` is `outer` or lies under it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(real(outer), real(inner));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The user's cache folder for this platform (XDG on Linux and BSD, Library/Caches on macOS, LOCALAPPDATA on Windows). */
export function userCacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'danlu', 'Cache');
  if (platform === 'darwin') return path.join(homedir(), 'Library', 'Caches', 'danlu');
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), '.cache'), 'danlu');
}

/**
 * The cache folder to hand the build: `undefined` (the build's own default, `.danlu-cache` beside the output) when
 * that default lies outside the notes, else a folder under the user's cache keyed by the notes folder's real path —
 * or under the temporary folder when even the user's cache folder lies inside the notes (notes folder = home).
 */
export function defaultCacheDir(place: CachePlace, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const siteDir = path.resolve(place.siteDir ?? '.');
  const contentDir = path.resolve(siteDir, place.contentDir ?? 'content');
  const outDir = path.resolve(siteDir, place.outDir ?? 'dist');
  const beside = path.join(path.dirname(outDir), '.danlu-cache');
  if (!isInside(beside, contentDir)) return undefined;
  const key = createHash('sha256').update(real(contentDir)).digest('hex').slice(0, 16);
  const user = path.join(userCacheRoot(env), key);
  if (!isInside(user, contentDir)) return user;
  return path.join(tmpdir(), `danlu-cache-${process.getuid?.() ?? 'user'}`, key);
}
