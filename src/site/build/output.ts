/**
 * Writes a finished build beside the old one and swaps it into place at the end, so a failed or interrupted
 * build never leaves a half-written site, and refuses to replace a folder that danlu did not write.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../errors.js';
import { pieceText, type Piece } from './rope.js';
import { writeQueue } from './write-queue.js';

/** Marker file that says "danlu wrote this folder; it may be replaced". */
export const OUTPUT_MARKER = '.danlu-output';

/** A generated file's content: text, bytes, or pieces of either (written one after another, never joined first). */
export type FileContent = string | Uint8Array | readonly Piece[];

/** Everything a build produces: generated files and files to copy. */
export interface BuildOutput {
  /**
   * Output path (relative, `/` separators) → content, for a build that writes nothing (the dev server, `check`, or
   * a build with errors); a build that writes leaves this empty, its files are on disk.
   */
  files: Map<string, FileContent>;
  /**
   * Pages rendered when asked for (a build with a session that writes nothing: the dev server), by output path;
   * each renders once. A page is in `files` or here, not both.
   */
  pages?: Map<string, () => FileContent>;
  /** Output path → absolute source path to copy. */
  copies: Map<string, string>;
}

/**
 * Refuses output folders that would overwrite sources or that a swap would break: a symbolic link (the swap would
 * replace the link, not fill the folder it names), a file, a folder inside the content folder or containing it, or
 * a foreign folder.
 */
export function checkOutputDir(outDir: string, contentDir: string): void {
  const out = path.resolve(outDir);
  const content = path.resolve(contentDir);
  const kind = lstatOrUndefined(out);
  if (kind?.isSymbolicLink()) {
    throw new OutputError('the output folder is a symbolic link; danlu replaces the output folder as a whole, so it would replace the link', {
      path: out,
      hint: 'pass the folder the link points to as --out, or remove the link',
    });
  }
  if (kind && !kind.isDirectory()) {
    throw new OutputError('the output path is a file, not a folder', { path: out, hint: 'choose a folder for --out (it is created if missing), or move the file away' });
  }
  const inside = (a: string, b: string): boolean => a === b || a.startsWith(b + path.sep);
  if (inside(out, content) || inside(content, out)) {
    throw new OutputError('the output folder overlaps the content folder', {
      path: out,
      hint: 'danlu never writes into your notes: choose an --out folder outside the content folder',
    });
  }
  if (kind && readdirSync(out).length > 0 && !existsSync(path.join(out, OUTPUT_MARKER))) {
    throw new OutputError('the output folder exists, is not empty, and was not written by danlu', {
      path: out,
      hint: 'choose an empty or new --out folder, or delete this one yourself',
    });
  }
}

/**
 * Checks the output folder ({@link checkOutputDir}) and repairs what an interrupted build left beside it. A kill
 * between the swap's two renames leaves no `out` but a complete `out.tmp-<pid>` (its marker is written last) and
 * the previous `out.old-<pid>`: the new site is moved into place, or else the old one back. Then every leftover
 * `out.tmp-*` / `out.old-*` of a process that no longer runs is removed (a running build's are left alone).
 */
export function prepareOutputDir(outDir: string, contentDir: string): void {
  const out = path.resolve(outDir);
  const dir = path.dirname(out);
  const base = path.basename(out);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    names = []; // no parent yet: nothing left over; checkOutputDir and the writer say what is wrong
  }
  const leftovers = names
    .map((name) => ({ name, m: /^\.(tmp|old)-(\d+)$/.exec(name.slice(base.length)) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.name.startsWith(base) && x.m !== null && !isRunning(Number(x.m[2])))
    .map(({ name, m }) => ({ abs: path.join(dir, name), kind: m[1] as 'tmp' | 'old' }));
  if (!lstatOrUndefined(out)) {
    const complete = (kind: 'tmp' | 'old'): string | undefined => leftovers.find((l) => l.kind === kind && existsSync(path.join(l.abs, OUTPUT_MARKER)))?.abs;
    const recover = complete('tmp') ?? complete('old');
    if (recover) renameSync(recover, out);
  }
  checkOutputDir(out, contentDir);
  for (const l of leftovers) if (existsSync(l.abs)) rmSync(l.abs, { recursive: true, force: true });
}

/** Whether a process with this id runs (ours counts: our own folders are handled by the writer). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's live process
  }
}

function lstatOrUndefined(file: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The absolute path of output file `rel` inside `base`, after checking it stays there: defense in depth behind the
 * planner's permalink checks, so no path from any emitter can write outside the output folder.
 */
export function insideOutput(base: string, rel: string): string {
  const file = path.resolve(base, rel);
  if (rel.includes('\0') || !file.startsWith(base + path.sep)) {
    throw new OutputError(`refusing to write ${JSON.stringify(rel)}: it is not inside the output folder`, {
      path: base,
      hint: 'a permalink or a file path leaves the site; this is a danlu bug if no message named a note',
    });
  }
  return file;
}

/** A file's size and modification time, as a digest of the output and the page record take them. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/**
 * The stamps of the files `rels` of `outDir` (`undefined`: not there), in the order {@link outputDigest} walks
 * them: the build that wrote the folder knows its files, so it takes their stamps without listing ~2,000 folders.
 */
export function fileStamps(outDir: string, rels: Iterable<string>): Map<string, FileStamp | undefined> {
  const sorted = [...new Set(rels)].map((rel) => ({ rel, parts: rel.split('/') })).sort((a, b) => compareParts(a.parts, b.parts));
  const out = new Map<string, FileStamp | undefined>();
  for (const { rel } of sorted) {
    const st = lstatOrUndefined(path.join(outDir, rel));
    out.set(rel, st && { size: Number(st.size), mtimeMs: Number(st.mtimeMs) });
  }
  return out;
}

/** One file's line of {@link outputDigest} (`-1` for a file that is not there). */
function stampLine(rel: string, st: { size: number | bigint; mtimeMs: number | bigint } | undefined): string {
  return `${rel}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\n`;
}

/** Folder by folder, names in code-unit order: the order of a walk that sorts each folder's names. */
function compareParts(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * A digest of the output folder's files (path, size, modification time), so "up to date" can tell that a page
 * was deleted, added or rewritten since the build that wrote it. Without `stamps`, every folder is listed and
 * every file stat'ed; with the {@link fileStamps} of the files a build has just made, it is the same digest as
 * long as the folder holds exactly those files.
 */
export function outputDigest(outDir: string, stamps?: ReadonlyMap<string, FileStamp | undefined>): string {
  const hash = createHash('sha256');
  if (stamps) {
    for (const [rel, st] of stamps) hash.update(stampLine(rel, st));
    return hash.digest('hex');
  }
  const visit = (dir: string, prefix: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      hash.update('\0unreadable\0' + prefix);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) visit(abs, `${prefix}${e.name}/`);
      else {
        const st = lstatOrUndefined(abs);
        hash.update(stampLine(prefix + e.name, st));
      }
    }
  };
  visit(path.resolve(outDir), '');
  return hash.digest('hex');
}

/**
 * Writes a build's output so that a failed or interrupted build never leaves a half-written site, in one of two
 * ways, chosen per build:
 *
 * - **Swap** (a first build: no previous output): files are written into a temporary sibling of `outDir` as they
 *   are produced and the folder is swapped in at the end ({@link OutputWriter.commit}). Pages can be handed over
 *   while the next ones are still being rendered: the kernel's share of writing (~150 MB for 1000 notes) runs on
 *   libuv's threads, on the core the rendering does not use.
 * - **Update** (a previous output exists): each file is compared with the previous output's, and a changed one
 *   is written beside its place under a temporary name (`index.html.danlu-tmp-<pid>`), as the swap's files are
 *   written as they come. Once the build has made every file, the files it no longer makes are removed and each
 *   changed file is renamed over its place. A rebuild that changes one note touches a few files, where a swap
 *   makes and removes every folder of the site (two metadata operations per page, most of a one-note rebuild at
 *   1000 notes). A failed build removes its temporary files and leaves the rest as it was; killed while renaming,
 *   the output holds each file either old or new, and the next build, finding the output changed since its
 *   record, compares and repairs every file (and removes stray temporary files).
 */
export class OutputWriter {
  private readonly writes = writeQueue();
  /** Update: changed files written beside their places (output path → temporary file). `undefined`: a swap. */
  private staged: Map<string, string> | undefined;
  /** Update: changed files that cannot be staged yet (a folder in their path is a file of the old output). */
  private readonly deferred = new Map<string, Uint8Array>();
  /** Every file this build makes (update: the rest are removed at commit). */
  private readonly made = new Set<string>();
  private readonly dirs: Set<string>;

  private constructor(
    private readonly out: string,
    private readonly tmp: string,
    announced: readonly string[],
    update: boolean,
  ) {
    if (update) {
      this.staged = new Map();
      this.dirs = new Set();
    } else this.dirs = makeDirs(tmp, announced);
  }

  /**
   * Starts an output folder for the files at `rels`; a file not announced here (the search bundle, whose names
   * are known last) gets its folder when it is written.
   */
  static open(outDir: string, files: Iterable<string>): OutputWriter {
    const rels = [...files];
    const out = path.resolve(outDir);
    const tmp = `${out}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    for (const rel of rels) insideOutput(tmp, rel); // before anything is made
    const previous = existsSync(path.join(out, OUTPUT_MARKER));
    return new OutputWriter(out, tmp, rels, previous);
  }

  /** Writes one generated file (in the background; {@link commit} waits for it). */
  async file(rel: string, data: FileContent): Promise<void> {
    const file = insideOutput(this.tmp, rel);
    this.made.add(rel);
    if (this.staged) {
      const target = insideOutput(this.out, rel);
      const bytes = toBytes(data);
      if (sameBytes(target, bytes)) return;
      if (!this.ensureDir(path.dirname(target))) {
        this.deferred.set(rel, bytes);
        return;
      }
      const staging = target + STAGED;
      this.staged.set(rel, staging);
      return this.writes.write(staging, bytes);
    }
    this.swapDir(file);
    // Nothing to compare with: the pieces are written as they are.
    return this.writes.write(file, toChunks(data));
  }

  /**
   * Keeps the previous output's file at `rel` as this build's (a page whose inputs did not change): an update
   * leaves it alone. (A swap has no previous output to keep from: the file is copied if one is there.)
   */
  async keep(rel: string): Promise<void> {
    const file = insideOutput(this.tmp, rel);
    this.made.add(rel);
    if (this.staged) return;
    this.swapDir(file);
    copyFileSync(path.join(this.out, rel), file);
  }

  /** Swap: makes the folder of `file` in the new folder, once (a file not announced at open). */
  private swapDir(file: string): void {
    const dir = path.dirname(file);
    if (this.dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
  }

  /** Waits for every write, copies `copies` (output path → source), and puts the new output in place. */
  async commit(copies: ReadonlyMap<string, string>): Promise<void> {
    try {
      for (const rel of copies.keys()) insideOutput(this.tmp, rel);
    } catch (error) {
      await this.abort();
      throw error;
    }
    for (const rel of copies.keys()) this.made.add(rel);
    if (this.staged) return this.apply(copies);
    try {
      await this.writes.drain();
      for (const [rel, src] of copies) copyFileSync(src, insideOutput(this.tmp, rel));
      writeFileSync(path.join(this.tmp, OUTPUT_MARKER), MARKER_TEXT);
    } catch (cause) {
      await this.abort();
      if (cause instanceof OutputError) throw cause;
      throw new OutputError('could not write the output', { path: this.tmp, cause, hint: 'check free disk space and permissions' });
    }
    const old = `${this.out}.old-${process.pid}`;
    try {
      if (existsSync(this.out)) renameSync(this.out, old);
      renameSync(this.tmp, this.out);
    } catch (cause) {
      if (!existsSync(this.out) && existsSync(old)) renameSync(old, this.out);
      throw new OutputError('could not move the new output into place', { path: this.out, cause, hint: 'is a program holding files in it open?' });
    }
    rmSync(old, { recursive: true, force: true });
  }

  /** The files of the output once committed (paths inside it): every file the build made, and the marker. */
  files(): string[] {
    return [...this.made, OUTPUT_MARKER];
  }

  /** Drops what was written for this build; the previous output is untouched. */
  async abort(): Promise<void> {
    await this.writes.settle(); // no write may land after its file is removed
    for (const staging of this.staged?.values() ?? []) rmSync(staging, { force: true });
    this.staged?.clear();
    rmSync(this.tmp, { recursive: true, force: true });
  }

  /** Whether `dir` is (now) a folder of the output; false when a file of the old output is in its way. */
  private ensureDir(dir: string): boolean {
    if (this.dirs.has(dir)) return true;
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      return false;
    }
    this.dirs.add(dir);
    return true;
  }

  /** Update: removes what the build no longer makes, then puts each changed file and copy in place. */
  private async apply(copies: ReadonlyMap<string, string>): Promise<void> {
    const staged = this.staged as Map<string, string>;
    try {
      await this.writes.drain();
    } catch (cause) {
      await this.abort();
      throw new OutputError('could not write the output', { path: this.out, cause, hint: 'check free disk space and permissions' });
    }
    try {
      // Removed first: a page whose path became a folder (or the reverse) needs its old file out of the way.
      removeUnmade(this.out, this.made);
      for (const [rel, staging] of staged) renameSync(staging, insideOutput(this.out, rel));
      staged.clear();
      for (const [rel, bytes] of this.deferred) replaceFile(insideOutput(this.out, rel), (tmp) => writeFileSync(tmp, bytes));
      for (const [rel, src] of copies) {
        const dest = insideOutput(this.out, rel);
        if (!sameCopy(src, dest)) replaceFile(dest, (tmp) => copyFileSync(src, tmp));
      }
    } catch (cause) {
      if (cause instanceof OutputError) throw cause;
      throw new OutputError('could not write the output', { path: this.out, cause, hint: 'check free disk space and permissions; the next build repairs the output' });
    }
  }
}

/** The ending of a changed file written beside its place until the build is done (update mode). */
const STAGED = `.danlu-tmp-${process.pid}`;

const MARKER_TEXT = 'This folder is written by danlu and replaced on every build.\n';

/** Makes the folders of `rels` under `base`, parents first, and returns them. */
function makeDirs(base: string, rels: Iterable<string>): Set<string> {
  try {
    // Every folder first, parents before children, while no write is in flight: creating ~2 folders per page
    // between writes measured ~0.4 ms each on the build VM's ext4, against ~0.06 ms in a row.
    const dirs = new Set<string>([base]);
    for (const rel of rels) dirs.add(path.dirname(insideOutput(base, rel)));
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    return dirs;
  } catch (cause) {
    rmSync(base, { recursive: true, force: true });
    if (cause instanceof OutputError) throw cause;
    throw new OutputError('could not write the output', { path: base, cause, hint: 'check free disk space and permissions' });
  }
}

/** Writes `file` through a temporary file beside it and a rename, so a reader never sees it half-written. */
function replaceFile(file: string, write: (tmp: string) => void): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = file + STAGED;
  try {
    write(tmp);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Removes every file under `out` not in `made` (paths relative to it) but the marker, then the emptied folders. */
function removeUnmade(out: string, made: ReadonlySet<string>): void {
  const visit = (dir: string, prefix: string): boolean => {
    let empty = true;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix + e.name;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (visit(abs, rel + '/')) rmSync(abs, { recursive: true, force: true });
        else empty = false;
      } else if (made.has(rel) || rel === OUTPUT_MARKER || e.name.endsWith(STAGED)) empty = false;
      else rmSync(abs, { force: true });
    }
    return empty;
  };
  visit(out, '');
}

/** Whether `dest` is already a copy of `src` (same size and bytes; most copies are small theme and note assets). */
function sameCopy(src: string, dest: string): boolean {
  try {
    const a = statSync(src);
    const b = statSync(dest);
    if (a.size !== b.size) return false;
    return readFileSync(src).equals(readFileSync(dest));
  } catch {
    return false;
  }
}

/**
 * A file's content as bytes. Pieces are encoded one by one into one buffer: encoding a whole page as one string
 * would first flatten it into a large-object string (~1 ms per note page on the build VM).
 */
export function toBytes(data: FileContent): Uint8Array {
  if (data instanceof Uint8Array) return data;
  const chunks = toChunks(data);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** A file's content as byte chunks, in order (byte pieces as they are, text pieces encoded one by one). */
function toChunks(data: FileContent): Uint8Array[] {
  if (typeof data === 'string') return [Buffer.from(data)];
  if (data instanceof Uint8Array) return [data];
  return (data as readonly Piece[]).map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
}

/** The content as one string (for serving from memory; flattens). */
export function toText(data: FileContent): string {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  return pieceText(data as readonly Piece[]);
}

/** Whether the file at `file` holds exactly `bytes` (a size check first, so most changed pages cost one stat). */
function sameBytes(file: string, bytes: Uint8Array): boolean {
  try {
    if (statSync(file).size !== bytes.length) return false;
    return readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}
