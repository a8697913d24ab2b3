/**
 * An emitter turns the built site into output files, as Quartz's emitters and Hexo's generators do: a new page
 * type or output is one emitter in this folder, listed in {@link EMITTERS}. Emitters name their files up front and
 * make each one's content only when asked, so the writer can prepare the output folder first and the dev server
 * renders a page only when it is requested.
 */
import type { SiteConfig } from '../config.js';
import type { SiteModel } from '../model/routes.js';
import type { FileContent } from '../build/output.js';
import type { SiteInfo, Theme } from '../render/context.js';
import type { NoteHtml } from '../markdown/processor.js';

/** What every emitter reads. */
export interface EmitContext {
  site: SiteInfo;
  config: SiteConfig;
  model: SiteModel;
  theme: Theme;
  /** The rendering of each of `model.posts`, in the same order. */
  notes: readonly NoteHtml[];
  /** Stands for the theme's code (its files and danlu's): part of every page's digest. */
  themeKey: string;
  /** Site paths of the ES modules a note or hand-written page at `url` needs (its demos), if any. */
  modulesOf(url: string): string[] | undefined;
}

/** One output file: its path inside the output folder and how to make it. */
export interface Emitted {
  path: string;
  content: () => FileContent;
  /**
   * A digest of everything `content` reads, the term links' tracked counts (model/term-counts.ts) only for the
   * terms in `countsRead`: a file whose digest is the previous build's, and whose output file is as that build
   * left it, is not made again (build/page-record.ts). Absent: made every build.
   */
  digest?: (countsRead: readonly string[]) => string;
  /**
   * Whether a file of the same path among a Hexo blog's own `source/` files replaces this one (a blog's own
   * `robots.txt`); pages never give way.
   */
  yields?: boolean;
}

/** Makes the files of one kind of output. */
export interface Emitter {
  name: string;
  emit(ctx: EmitContext): Iterable<Emitted>;
}
