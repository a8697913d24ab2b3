/**
 * Reads a notes folder (nested folders, spaces and Chinese in names, like a Hexo `source/_posts` or an Obsidian
 * vault) into notes and an index of the other files beside them. It only reads: nothing is ever written here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import micromatch from 'micromatch';
import type { HexoSource } from '../config.js';
import { ContentDirError } from '../errors.js';
import type { Message } from '../messages.js';
import { parseSource, type NoteMeta, type UpdatedOption } from './front-matter.js';
import { detectUtf16 } from './utf16.js';
import type { NoteMemo, RememberedNote } from '../build/build-session.js';

/** A note as loaded: checked front matter and the body, positions preserved. */
export interface Note {
  /** Absolute path. */
  file: string;
  /** Path inside the content folder with `/` separators, e.g. `模型/CNN/卷积 网络.md`. */
  rel: string;
  /** Path used in messages (relative to the working directory when inside it). */
  display: string;
  meta: NoteMeta;
  /** Markdown body with the front matter blanked to empty lines (see {@link parseSource}). */
  body: string;
  /** SHA-256 of the raw bytes: the cache key of everything derived from this note alone. */
  hash: string;
}

/** How to read a content folder. */
export interface LoadOptions {
  /** Zone of dates written without one. */
  timezone: string;
  /** Called with each readable note's source as soon as it is read (render workers warm up from it). */
  onNote?: (source: string) => void;
  /** Globs (micromatch) of paths inside the content folder that are neither notes nor published files. */
  exclude?: string[];
  /** What a note without `updated` shows (Hexo's `updated_option`); default none. */
  updatedOption?: UpdatedOption;
  /**
   * The blog's rules when the content folder is a Hexo blog's `source/_posts`: Hexo's own file rules decide what is
   * read, and the rest of `source/` supplies pages (`about/index.md`) and files published at their own paths.
   */
  hexo?: HexoSource;
  /**
   * Notes read by an earlier load in this process (build-session.ts): a file whose size and modification time are
   * unchanged is taken from here instead of being read and parsed again; the memo is updated to this load.
   */
  reuse?: NoteMemo;
}

/** A file published at its own path, as Hexo copies `source/images/a.png` to `/images/a.png`. */
export interface SourceFile {
  /** Path on the site, e.g. `images/a.png`. */
  path: string;
  /** Absolute path of the file. */
  abs: string;
}

/** Everything read from a content folder. */
export interface LoadedContent {
  root: string;
  notes: Note[];
  /** Non-markdown files (images, attachments), by path inside the content folder. */
  files: string[];
  /**
   * Pages outside the notes (a Hexo blog's `source/about/index.md`): rendered like notes, but not listed, tagged or
   * in the feed. Their `rel` is the path inside `source/`.
   */
  pages: Note[];
  /** Files outside the notes folder that are published as they are, at their own path. */
  sourceFiles: SourceFile[];
  messages: Message[];
}

const MARKDOWN = /\.(md|markdown)$/i;
/** Folders that hold tool state, not notes. */
const SKIP_DIRS = new Set(['.git', '.obsidian', '.trash', 'node_modules', '.danlu-cache']);

/** Path shown in messages: relative to the working directory when the file is inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/**
 * Lists files under a folder, sorted, skipping tool folders and hidden files. `skipDir` may leave out more
 * folders (by absolute path): Hexo's `ignore` patterns prune whole folders before they are read.
 */
function walk(root: string, skipDir?: (abs: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipDir?.(full)) visit(full);
      } else if (e.isFile()) out.push(full);
    }
  };
  visit(root);
  return out;
}

const posix = (p: string): string => p.split(path.sep).join('/');
/** Hexo's `isHiddenFile`: a segment starting with `_` or `.` (`_drafts/`, `_私人.md`). */
const hexoHidden = (rel: string): boolean => /(^|\/)[_.]/.test(rel);
/** Hexo's `isTmpFile`: editors' backup files. */
const hexoTmp = (rel: string): boolean => rel.endsWith('%') || rel.endsWith('~');
const matches = (p: string, patterns: string[]): boolean => patterns.length > 0 && micromatch.isMatch(p, patterns);

/**
 * Which files of the content folder are notes or published files, as Hexo's post processor decides for a blog's
 * `_posts` (`skip_render` and `ignore` leave a file out; so does a `_` or `.` at the start of any segment) and by
 * the site's own `exclude` otherwise. Returns the paths inside the content folder that are left out.
 */
function contentFilter(root: string, options: LoadOptions): { keep: (rel: string, abs: string) => boolean; skipDir: (abs: string) => boolean } {
  const exclude = options.exclude ?? [];
  const hexo = options.hexo;
  if (!hexo) return { keep: (rel) => !matches(rel, exclude), skipDir: () => false };
  const prefix = posix(path.relative(hexo.sourceDir, root));
  const inSource = (rel: string): string => (prefix ? `${prefix}/${rel}` : rel);
  return {
    keep: (rel, abs) =>
      !hexoHidden(rel) && !hexoTmp(rel) && !matches(inSource(rel), hexo.skipRender) && !matches(abs, hexo.ignore) && !matches(rel, exclude),
    skipDir: (abs) => matches(abs, hexo.ignore),
  };
}

/** How many markdown files `loadContent` would read (0 for a missing folder): a cheap look before the real load. */
export function countNoteFiles(root: string, options: Omit<LoadOptions, 'timezone'> = {}): number {
  try {
    const abs = path.resolve(root);
    const filter = contentFilter(abs, { ...options, timezone: 'UTC' });
    return walk(abs, filter.skipDir).filter((f) => MARKDOWN.test(f) && filter.keep(posix(path.relative(abs, f)), f)).length;
  } catch {
    return 0;
  }
}

/** Loads every note under `root`; content problems become messages, an unreadable folder throws. */
export function loadContent(root: string, options: LoadOptions): LoadedContent {
  const { timezone } = options;
  const abs = path.resolve(root);
  let stat;
  try {
    stat = statSync(abs);
  } catch (cause) {
    throw new ContentDirError('the content folder does not exist', { path: abs, cause, hint: 'pass the folder of your notes with --content <dir>' });
  }
  if (!stat.isDirectory()) throw new ContentDirError('the content path is not a folder', { path: abs, hint: 'pass a folder with --content <dir>' });

  const notes: Note[] = [];
  const files: string[] = [];
  const messages: Message[] = [];
  const filter = contentFilter(abs, options);
  const rules = JSON.stringify([timezone, options.updatedOption ?? null, options.hexo !== undefined]);
  const memo = options.reuse;
  if (memo && memo.rules !== rules) {
    memo.rules = rules;
    memo.files.clear();
  }
  const seen = new Map<string, RememberedNote>();
  const readNote = (file: string, rel: string): Note | undefined => {
    if (!memo) return parseNote(file, rel);
    const st = statSync(file);
    const last = memo.files.get(file);
    if (last && last.size === st.size && last.mtimeMs === st.mtimeMs) {
      seen.set(file, last);
      messages.push(...last.messages);
      // A note kept on disk by an earlier process (build/note-memo.ts) comes without its body: read when it renders.
      if (last.note && !Object.hasOwn(last.note, 'body')) lazyBody(last.note, () => parseNote(file, rel, [])?.body ?? '');
      return last.note;
    }
    const before = messages.length;
    const note = parseNote(file, rel);
    seen.set(file, { size: st.size, mtimeMs: st.mtimeMs, note, messages: messages.slice(before) });
    return note;
  };
  const parseNote = (file: string, rel: string, sink: Message[] = messages): Note | undefined => {
    const display = displayPath(file);
    const bytes = readFileSync(file);
    const checked = checkBytes(bytes);
    if ('problem' in checked) {
      const { problem } = checked;
      sink.push({ file: display, line: problem.line, column: problem.column, severity: problem.severity, rule: problem.rule, message: problem.message });
      return undefined;
    }
    const { text } = checked;
    if (sink === messages) options.onNote?.(text);
    const parsed = parseSource(text, {
      file: display,
      timezone,
      mtime: statSync(file).mtime,
      updatedOption: options.updatedOption,
      hexo: options.hexo !== undefined,
    });
    sink.push(...parsed.messages);
    if (!parsed.meta) return undefined;
    const hash = createHash('sha256').update(bytes).digest('hex');
    return { file, rel, display, meta: parsed.meta, body: parsed.body, hash };
  };
  for (const file of walk(abs, filter.skipDir)) {
    const rel = posix(path.relative(abs, file));
    if (!filter.keep(rel, file)) continue;
    if (!MARKDOWN.test(file)) {
      files.push(rel);
      continue;
    }
    const note = readNote(file, rel);
    if (note) notes.push(note);
  }
  const pages: Note[] = [];
  const sourceFiles: SourceFile[] = [];
  if (options.hexo) {
    const hexo = options.hexo;
    const source = hexo.sourceDir;
    // Hexo's asset processor over the rest of `source/`: hidden and `_` folders (the posts, drafts, data) and
    // `exclude` are left out unless `include`d; `skip_render` files are copied as they are; markdown becomes a page.
    const inPosts = (f: string): boolean => f === abs || f.startsWith(abs + path.sep);
    const files = existsSync(source) ? walkAll(source, (d) => inPosts(d) || matches(d, hexo.ignore)) : [];
    for (const file of files) {
      const rel = posix(path.relative(source, file));
      if (hexoTmp(rel) || matches(rel, hexo.exclude) || matches(file, hexo.ignore)) continue;
      if (hexoHidden(rel) && !matches(rel, hexo.include)) continue;
      if (MARKDOWN.test(file) && !matches(rel, hexo.skipRender)) {
        const page = readNote(file, rel);
        if (page) pages.push(page);
      } else sourceFiles.push({ path: rel, abs: file });
    }
  }
  if (memo) memo.files = seen; // deleted notes are forgotten
  return { root: abs, notes, files, pages, sourceFiles, messages };
}

/** Defines `note.body` as read on first use (and kept), for a note restored without it. */
function lazyBody(note: Note, read: () => string): void {
  let body: string | undefined;
  Object.defineProperty(note, 'body', { enumerable: true, configurable: true, get: () => (body ??= read()) });
}

/** Every file under a folder, hidden ones included (Hexo's `include` may publish them), sorted. */
function walkAll(root: string, skipDir: (abs: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !skipDir(full)) visit(full);
      } else if (e.isFile()) out.push(full);
    }
  };
  visit(root);
  return out;
}

interface ByteProblem {
  line: number;
  column: number;
  severity: Message['severity'];
  rule: string;
  message: string;
}

/** Decodes strictly; `ignoreBOM` keeps a byte-order mark in the text, as `Buffer#toString` does. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A note's text, or why it has none: empty, binary and non-UTF-8 files get a message instead of a garbled page.
 * The bytes are decoded once (the strict decode is the text).
 */
function checkBytes(bytes: Buffer): { text: string } | { problem: ByteProblem } {
  const utf16 = detectUtf16(bytes);
  if (utf16) {
    const kind = `UTF-16 (${utf16.endian}${utf16.bom ? ', with a byte-order mark' : ''})`;
    const from = utf16.bom ? 'UTF-16' : utf16.endian === 'little-endian' ? 'UTF-16LE' : 'UTF-16BE';
    return {
      problem: {
        line: 1,
        column: 1,
        severity: 'error',
        rule: 'encoding',
        message: `the file is ${kind}; re-save it as UTF-8 (in the editor's "Save with encoding", or \`iconv -f ${from} -t UTF-8 in.md > out.md\`)`,
      },
    };
  }
  const nul = bytes.indexOf(0);
  let text: string | undefined;
  if (nul < 0) {
    try {
      text = utf8.decode(bytes);
    } catch {
      // not UTF-8: reported below, unless the file is blank anyway
    }
  }
  if ((text ?? bytes.toString('utf8')).trim() === '') {
    return { problem: { line: 1, column: 1, severity: 'warning', rule: 'empty-file', message: 'the file is empty and was skipped; write the note or delete the file' } };
  }
  if (nul >= 0) {
    const { line, column } = placeOfByte(bytes, nul);
    return { problem: { line, column, severity: 'error', rule: 'binary-file', message: 'this is a binary file with a markdown name (a NUL byte here); rename it or remove it from the content folder' } };
  }
  if (text === undefined) {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = placeOfByte(bytes, bad);
    return {
      problem: {
        line,
        column,
        severity: 'error',
        rule: 'encoding',
        message: 'the file is not UTF-8 (first bad byte here); re-save it as UTF-8, e.g. `iconv -f GBK -t UTF-8 in.md > out.md` for notes saved as GBK',
      },
    };
  }
  return { text };
}

function placeOfByte(bytes: Buffer, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) {
    line++;
    start = i + 1;
  }
  return { line, column: bytes.subarray(start, index).toString('utf8').length + 1 };
}

/** Index of the first byte that does not start a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const n = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0;
}
