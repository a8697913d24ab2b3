/**
 * Site configuration: `danlu.config.yaml` (or `.yml`/`.json`) in the site folder, every key optional, so a
 * folder of notes builds with no config at all. Values are checked here once, with errors that name the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { ConfigError } from './errors.js';
import { buildMacroTable, checkMacros, macroName, MacroDefinitionError } from './markdown/plugins/katex-macros.js';
import { resolveAnalytics, resolveComments } from './integrations.js';
import type { AnalyticsSettings, CommentsSettings, Language } from './render/context.js';

/** The resolved site configuration. */
export interface SiteConfig {
  title: string;
  subtitle: string;
  description: string;
  author: string;
  /** Public origin and base path, e.g. `https://example.org/blog`. Used for feed, sitemap and canonical links. */
  url: string;
  language: Language;
  /** IANA timezone used to read dates without a zone (Hexo's `2023-07-02 18:53:58`) and to show every date. */
  timezone: string;
  /**
   * Permalink pattern, Hexo's tokens: `:year :month :day :i_month :i_day :hour :minute :second :title` (path of
   * the note inside the content folder, without extension) `:name` (file name) `:slug` (slug of the title).
   */
  permalink: string;
  postsPerPage: number;
  theme: string;
  /** Number of notes in the feed. */
  feedLimit: number;
  /**
   * A single newline inside a paragraph is a line break, as Obsidian (strict line breaks off) and Hexo's marked and
   * kramed renderers show it. Off: CommonMark's soft break, and a newline between two CJK characters adds no space.
   */
  breaks: boolean;
  /** Links to other sites open in a new tab (`target="_blank" rel="noopener"`), as Hexo's `external_link.enable`. */
  externalLink: boolean;
  /** Hosts whose links stay in the same tab even when `externalLink` is on (Hexo's `external_link.exclude`). */
  externalLinkExclude: string[];
  /**
   * Glob patterns (micromatch, as Hexo uses) of files in the content folder that are neither notes nor published
   * files, matched against the path inside the content folder. A Hexo blog's `skip_render`, `exclude` and `ignore`
   * (relative to `source/`) are translated to these.
   */
  exclude: string[];
  /** Letter case of tag and category slugs: 0 as written, 1 lower case, 2 upper case (Hexo's `filename_case`). */
  filenameCase: number;
  /** Tag name → the name its URL is made from (Hexo's `tag_map`). */
  tagMap: Record<string, string>;
  /** Category name → the name its URL is made from (Hexo's `category_map`). */
  categoryMap: Record<string, string>;
  /**
   * What a note without `updated` shows as its update time: `mtime` the file's modification time, `date` its date,
   * `empty` none (Hexo's `updated_option`).
   */
  updatedOption: 'mtime' | 'date' | 'empty';
  /** Notes per page of the home page, the archives, a tag and a category; 0 means `postsPerPage`. */
  indexPerPage: number;
  archivePerPage: number;
  tagPerPage: number;
  categoryPerPage: number;
  /** Which part of a note's file name is `:title` (Hexo's `new_post_name`, e.g. `:year-:month-:day-:title.md`). */
  newPostName: string;
  /** `:category` of a note without categories (Hexo's `default_category`). */
  defaultCategory: string;  /**
   * Files in a note's own folder (`post.md` → `post/a.png`) are published beside its page, as Hexo's
   * `post_asset_folder` does, instead of under `/files/`.
   */
  postAssetFolder: boolean;
  /** KaTeX macros applied to every formula at build time (as Quartz's `customMacros`, or a LaTeX preamble). */
  katex: KatexConfig;
  /** The comment system under each note (giscus, Waline, Twikoo); unset: none, and nothing third-party is loaded. */
  comments: CommentsSettings | undefined;
  /** Analytics every page reports to (Umami, Plausible, Baidu, Google); empty: none. */
  analytics: AnalyticsSettings[];
}

/** The `katex` key: macros written in the config and a preamble file of definitions. */
export interface KatexConfig {
  /** Macro name (`\RR` or `RR`) → expansion (`\mathbb{R}`); `#1`… stand for arguments. Wins over the preamble. */
  macros: Record<string, string>;
  /** Path of a file of `\newcommand` / `\def` / `\DeclareMathOperator` lines, relative to the config file; `''` none. */
  preamble: string;
  /**
   * The preamble's text, read with the config (not set by hand): the build's fingerprint and every note's render
   * key hold it, so an edit to the preamble alone renders the formulas again.
   */
  preambleTex: string;
}

/** Defaults chosen for our users: Chinese interface, China's timezone, Hexo's permalink so links keep working. */
export const defaultConfig: SiteConfig = {
  title: '丹炉',
  subtitle: '',
  description: '',
  author: '',
  url: 'http://localhost:4173',
  language: 'zh-CN',
  timezone: 'Asia/Shanghai',
  permalink: ':year/:month/:day/:title/',
  postsPerPage: 10,
  theme: 'default',
  feedLimit: 20,
  breaks: true,
  externalLink: false,
  externalLinkExclude: [],
  exclude: [],
  filenameCase: 0,
  tagMap: {},
  categoryMap: {},
  updatedOption: 'empty',
  indexPerPage: 0,
  archivePerPage: 0,
  tagPerPage: 0,
  categoryPerPage: 0,
  newPostName: ':title.md',
  defaultCategory: 'uncategorized',
  postAssetFolder: false,
  katex: { macros: {}, preamble: '', preambleTex: '' },
  comments: undefined,
  analytics: [],
};

/** Notes per page of a kind of list, with `postsPerPage` where the kind has none of its own. */
export function perPage(config: SiteConfig, list: 'index' | 'archive' | 'tag' | 'category'): number {
  const own = { index: config.indexPerPage, archive: config.archivePerPage, tag: config.tagPerPage, category: config.categoryPerPage }[list];
  return own > 0 ? own : config.postsPerPage;
}

/** Hexo's `per_page: 0` (everything on one page). */
const ALL_ON_ONE_PAGE = Number.MAX_SAFE_INTEGER;

/** Names searched, in order, in the site folder. */
export const configFileNames = ['danlu.config.yaml', 'danlu.config.yml', 'danlu.config.json'];

/**
 * Which files of a Hexo blog's `source/` Hexo itself reads, from its `_config.yml`: patterns are micromatch globs
 * relative to `source/` (`skip_render`, `exclude`, `include`), or matched against the absolute path (`ignore`),
 * exactly as Hexo applies them.
 */
export interface HexoSource {
  /** Absolute path of the blog's `source/` folder. */
  sourceDir: string;
  skipRender: string[];
  exclude: string[];
  include: string[];
  ignore: string[];
}

/** What {@link loadConfig} found. */
export interface LoadedConfig {
  config: SiteConfig;
  /** The config file read last (danlu's own, else Hexo's), if any. */
  path: string | undefined;
  /** Set when the content folder is a Hexo blog's `source/_posts` (or the site folder is a Hexo blog). */
  hexo: HexoSource | undefined;
  /** Facts worth printing about how the config was read. */
  notices: string[];
  /** The notice (also in `notices`) that no `url` is set; a caller that sets the URL itself drops it. */
  urlNotice?: string;
}

/**
 * Finds and reads the config of a site. A Hexo blog's `_config.yml` (beside the site folder, or two levels above
 * a `source/_posts` content folder) is read first, so a Hexo blog builds with its own title, URL, timezone,
 * permalinks and file rules and nothing to write; a danlu config file (in the site folder, or the given path)
 * then wins key by key; otherwise defaults.
 */
export function loadConfig(siteDir: string, explicitPath?: string, contentDir?: string): LoadedConfig {
  const loaded = loadConfigUnchecked(siteDir, explicitPath, contentDir);
  const notice = missingUrlNotice(loaded, siteDir);
  return notice ? { ...loaded, notices: [...loaded.notices, notice], urlNotice: notice } : loaded;
}

/** Hexo's own `_config.yml` ships with this `url`; a blog that never changed it has no address either. */
const HEXO_PLACEHOLDER_URL = /^https?:\/\/example\.com(?:\/|$)/;

/**
 * Without `url`, canonical links, the feed and the sitemap point at the preview server's address: said once per
 * build, with the file to put it in (the config read, or where a new one would go).
 */
function missingUrlNotice(loaded: LoadedConfig, siteDir: string): string | undefined {
  const placeholder = HEXO_PLACEHOLDER_URL.test(loaded.config.url);
  if (loaded.config.url !== defaultConfig.url && !placeholder) return undefined;
  const where = loaded.path ?? `${path.join(siteDir, configFileNames[0] as string)} (a new file)`;
  const what = placeholder ? `\`url\` is still Hexo's placeholder ${loaded.config.url}` : 'no `url` is set';
  return `${what}, so canonical links, atom.xml and sitemap.xml point at ${loaded.config.url}/ — set \`url: https://your.site\` (the address the site is served at) in ${where}`;
}

function loadConfigUnchecked(siteDir: string, explicitPath?: string, contentDir?: string): LoadedConfig {
  const file = explicitPath ?? configFileNames.map((n) => path.join(siteDir, n)).find((p) => existsSync(p));
  const hexoFile = findHexoConfig(siteDir, contentDir);
  const hexo = hexoFile ? readHexoSettings(hexoFile) : undefined;
  if (!file) {
    if (!hexo || !hexoFile) return { config: { ...defaultConfig }, path: undefined, hexo: undefined, notices: [] };
    const notices = [...hexo.notices];
    return { config: resolveConfig(hexo.pick, hexoFile, notices), path: hexoFile, hexo: hexo.source, notices };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError('cannot read the config file', { path: file, cause, hint: 'check the path given to --config' });
  }
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new ConfigError(`the config is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${reason}`, {
      path: file,
      cause,
      hint: 'fix the syntax at the place named above',
    });
  }
  const ownNotices: string[] = [];
  const own = resolveConfig(data ?? {}, file, ownNotices);
  if (!hexo) return { config: own, path: file, hexo: undefined, notices: ownNotices };
  // Hexo's settings first, then every key the danlu config sets.
  const ownKeys = Object.keys((data ?? {}) as object).map((k) => (k === 'per_page' ? 'postsPerPage' : k));
  const merged: Record<string, unknown> = { ...hexo.pick };
  for (const k of ownKeys) merged[k] = (own as unknown as Record<string, unknown>)[k];
  const notices = [...(ownKeys.includes('timezone') ? [] : hexo.notices), ...ownNotices];
  return { config: resolveConfig(merged, file), path: file, hexo: hexo.source, notices };
}

/**
 * Checks raw config data and fills in defaults. Exported for tests and for configs given as objects. Warnings
 * that do not stop a build (a macro that names an unknown command) go to `notices` when given.
 */
export function resolveConfig(data: unknown, file = '<config>', notices?: string[]): SiteConfig {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError('the config must be a mapping of keys to values', { path: file });
  }
  const raw = data as Record<string, unknown>;
  const out: SiteConfig = { ...defaultConfig };
  const known = new Set(Object.keys(defaultConfig));
  for (const [key, value] of Object.entries(raw)) {
    const k = key === 'per_page' ? 'postsPerPage' : key;
    if (!known.has(k)) {
      throw new ConfigError(`unknown key \`${key}\``, { path: file, hint: `known keys: ${[...known].join(', ')}` });
    }
    if (k === 'katex') {
      out.katex = resolveKatex(value, file, notices);
      continue;
    }
    // Read once `language` and `url` are known (their defaults come from them).
    if (k === 'comments' || k === 'analytics') continue;
    const def = defaultConfig[k as keyof SiteConfig];
    const expected = Array.isArray(def) ? 'list of strings' : typeof def === 'object' ? 'mapping of names to names' : typeof def;
    const fits = Array.isArray(def)
      ? Array.isArray(value) && value.every((v) => typeof v === 'string')
      : typeof def === 'object'
        ? typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
        : typeof value === typeof def;
    if (!fits) {
      throw new ConfigError(`\`${key}\` must be a ${expected}, got ${JSON.stringify(value)}`, { path: file });
    }
    (out as unknown as Record<string, unknown>)[k] = value;
  }
  if (out.language !== 'zh-CN' && out.language !== 'en') {
    throw new ConfigError(`\`language\` must be "zh-CN" or "en", got "${String(out.language)}"`, { path: file });
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: out.timezone });
  } catch (cause) {
    throw new ConfigError(`unknown timezone "${out.timezone}"`, { path: file, cause, hint: 'use an IANA name such as Asia/Shanghai or UTC' });
  }
  if (!['mtime', 'date', 'empty'].includes(out.updatedOption)) {
    throw new ConfigError(`\`updatedOption\` must be "mtime", "date" or "empty", got "${String(out.updatedOption)}"`, { path: file });
  }
  if (![0, 1, 2].includes(out.filenameCase)) throw new ConfigError('`filenameCase` must be 0, 1 or 2', { path: file });
  if (!Number.isInteger(out.postsPerPage) || out.postsPerPage < 1) {
    throw new ConfigError('`postsPerPage` must be a positive integer', { path: file });
  }
  for (const k of ['indexPerPage', 'archivePerPage', 'tagPerPage', 'categoryPerPage'] as const) {
    if (!Number.isInteger(out[k]) || out[k] < 0) throw new ConfigError(`\`${k}\` must be a whole number (0: as \`postsPerPage\`)`, { path: file });
  }
  try {
    const u = new URL(out.url);
    out.url = u.origin + u.pathname.replace(/\/+$/, '');
  } catch (cause) {
    throw new ConfigError(`\`url\` must be an absolute URL such as https://example.org, got "${out.url}"`, { path: file, cause });
  }
  out.comments = resolveComments(raw.comments, file, out.language);
  out.analytics = resolveAnalytics(raw.analytics, file, out.url);
  return out;
}

/**
 * The `katex` mapping: `macros` and `preamble`, checked by KaTeX itself now, so a bad definition is a config
 * error naming the file (and the preamble's line) instead of an error box in every note that uses it.
 */
function resolveKatex(value: unknown, file: string, notices: string[] | undefined): KatexConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`\`katex\` must be a mapping with \`macros\` and/or \`preamble\`, got ${JSON.stringify(value)}`, { path: file });
  }
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    // `preambleTex` is what a resolved config carries; it is read again from `preamble`, never taken as given.
    if (key !== 'macros' && key !== 'preamble' && key !== 'preambleTex') {
      throw new ConfigError(`unknown key \`katex.${key}\``, { path: file, hint: 'known keys: katex.macros, katex.preamble' });
    }
  }
  const macros: Record<string, string> = {};
  if (raw.macros !== undefined && raw.macros !== null) {
    if (typeof raw.macros !== 'object' || Array.isArray(raw.macros)) {
      throw new ConfigError('`katex.macros` must be a mapping of macro names to TeX, e.g. `\\RR: \\mathbb{R}`', { path: file });
    }
    for (const [name, tex] of Object.entries(raw.macros)) {
      // YAML reads `\half: 0.5` as a number; the TeX is its text.
      if (typeof tex !== 'string' && typeof tex !== 'number') {
        throw new ConfigError(`\`katex.macros.${name}\` must be TeX text, got ${JSON.stringify(tex)}`, { path: file });
      }
      macros[macroName(name)] = String(tex);
      // Plain YAML keeps backslashes as written: `\\mathbb{R}` there is a line break and the letters "mathbb".
      if (/^\\\\[A-Za-z]/.test(String(tex))) {
        notices?.push(`KaTeX macro ${macroName(name)} starts with \\\\ (a line break): write \`${String(tex).slice(1)}\` (one backslash; YAML keeps it as written unless in double quotes) in ${file}`);
      }
    }
  }
  let preamble = '';
  let preambleTex = '';
  if (raw.preamble !== undefined && raw.preamble !== null && raw.preamble !== '') {
    if (typeof raw.preamble !== 'string') throw new ConfigError('`katex.preamble` must be the path of a file', { path: file });
    preamble = path.resolve(file === '<config>' ? '.' : path.dirname(file), raw.preamble);
    try {
      preambleTex = readFileSync(preamble, 'utf8');
    } catch (cause) {
      throw new ConfigError(`cannot read the KaTeX preamble ${preamble}`, { path: file, cause, hint: '`katex.preamble` is relative to the config file' });
    }
  }
  let table;
  try {
    table = buildMacroTable({ macros, preamble: preambleTex });
  } catch (error) {
    if (!(error instanceof MacroDefinitionError)) throw error;
    const inPreamble = error.where === 'preamble';
    throw new ConfigError(`KaTeX cannot read ${inPreamble ? 'this preamble' : '`katex.macros`'}: ${error.message}`, {
      path: inPreamble ? `${preamble}${error.line ? `:${error.line}` : ''}` : file,
      hint: inPreamble ? `write only definitions KaTeX supports (the preamble is named by \`katex.preamble\` in ${file})` : undefined,
    });
  }
  for (const problem of checkMacros(table)) {
    notices?.push(`KaTeX macro ${problem} — formulas using it will show an error box (${macros[problem.split(':')[0] as string] !== undefined ? `katex.macros in ${file}` : preamble})`);
  }
  return { macros, preamble, preambleTex };
}

/** Base path the site is served under (`/` or `/blog/`), derived from `url`. */
export function siteRoot(config: SiteConfig): string {
  const p = new URL(config.url).pathname.replace(/\/+$/, '');
  return `${p}/`;
}

/** A Hexo `_config.yml` that belongs to this site, if any. */
function findHexoConfig(siteDir: string, contentDir: string | undefined): string | undefined {
  const candidates = [path.join(siteDir, '_config.yml')];
  if (contentDir) {
    const abs = path.resolve(siteDir, contentDir);
    if (path.basename(abs) === '_posts' && path.basename(path.dirname(abs)) === 'source') candidates.unshift(path.join(abs, '..', '..', '_config.yml'));
  }
  return candidates.find((p) => existsSync(p));
}

/** The build machine's own timezone: what Hexo uses when `timezone` is empty or missing. */
export function machineTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Takes the settings danlu shares with Hexo from its `_config.yml`; everything else there is Hexo's own. */
export function readHexoConfig(file: string): SiteConfig {
  return resolveConfig(readHexoSettings(file).pick, file);
}

const stringList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

function readHexoSettings(file: string): { pick: Record<string, unknown>; source: HexoSource; notices: string[] } {
  let data: Record<string, unknown>;
  try {
    data = (yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA }) ?? {}) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigError('the Hexo _config.yml is not valid YAML', { path: file, cause, hint: 'fix it, or write a danlu.config.yaml beside it' });
  }
  const pick: Record<string, unknown> = {};
  for (const key of ['title', 'subtitle', 'description', 'author', 'url', 'permalink'] as const) {
    if (typeof data[key] === 'string' && data[key]) pick[key] = data[key];
  }
  // Hexo reads dates in the machine's zone when `timezone` is empty or missing.
  const notices: string[] = [];
  if (typeof data.timezone === 'string' && data.timezone) pick.timezone = data.timezone;
  else {
    pick.timezone = machineTimezone();
    notices.push(`dates are read in ${pick.timezone}, this machine's timezone, because the blog's _config.yml has no \`timezone\` (as Hexo does); set \`timezone: Asia/Shanghai\` (or yours) there so every machine builds the same days`);
  }
  // per_page, and each generator's own (hexo-generator-index, -archive, -tag, -category); 0 is one page for all.
  const count = (v: unknown): number | undefined => {
    const n = Number(v);
    return v === undefined || v === null || v === '' || !Number.isInteger(n) || n < 0 ? undefined : n === 0 ? ALL_ON_ONE_PAGE : n;
  };
  const base = count(data.per_page);
  if (base !== undefined) pick.postsPerPage = base;
  const generators = { indexPerPage: data.index_generator, archivePerPage: data.archive_generator, tagPerPage: data.tag_generator, categoryPerPage: data.category_generator };
  for (const [key, g] of Object.entries(generators)) {
    const n = count((g as { per_page?: unknown } | undefined)?.per_page);
    if (n !== undefined) pick[key] = n;
  }
  if (data.archive === 1) pick.archivePerPage = ALL_ON_ONE_PAGE;
  if (typeof data.new_post_name === 'string' && data.new_post_name) pick.newPostName = data.new_post_name;
  if (typeof data.default_category === 'string' && data.default_category) pick.defaultCategory = data.default_category;
  if (data.post_asset_folder === true) pick.postAssetFolder = true;
  const lang = Array.isArray(data.language) ? data.language[0] : data.language;
  if (typeof lang === 'string') pick.language = /^zh/i.test(lang) ? 'zh-CN' : 'en';
  // Hexo keeps the base path in `root`; danlu reads it from `url`.
  if (typeof pick.url === 'string' && typeof data.root === 'string' && data.root !== '/' && !new URL(pick.url).pathname.replace(/\/+$/, '')) {
    pick.url = pick.url.replace(/\/+$/, '') + '/' + data.root.replace(/^\/+|\/+$/g, '');
  }
  // Line breaks: the renderer's own `breaks` when the blog sets one (marked, kramed, markdown-it), else on, their default.
  const renderers = [data.marked, data.kramed, data.markdown, (data.markdown as { render?: unknown } | undefined)?.render];
  for (const r of renderers) {
    const b = (r as { breaks?: unknown } | undefined)?.breaks;
    if (typeof b === 'boolean') pick.breaks = b;
  }
  // `external_link: true|false` (Hexo 3) or `{ enable, exclude }` (Hexo 4+); on when missing, as in Hexo.
  const ext = data.external_link;
  if (typeof ext === 'boolean') pick.externalLink = ext;
  else if (ext && typeof ext === 'object') {
    const e = ext as { enable?: unknown; exclude?: unknown };
    pick.externalLink = e.enable !== false;
    pick.externalLinkExclude = stringList(e.exclude);
  } else pick.externalLink = true;
  const fc = Number(data.filename_case);
  if (fc === 1 || fc === 2) pick.filenameCase = fc;
  const map = (v: unknown): Record<string, string> | undefined => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, String(x)]));
  };
  const tagMap = map(data.tag_map);
  if (tagMap) pick.tagMap = tagMap;
  const categoryMap = map(data.category_map);
  if (categoryMap) pick.categoryMap = categoryMap;
  const upd = data.updated_option;
  pick.updatedOption = upd === 'date' || upd === 'empty' ? upd : 'mtime';
  const sourceDir = path.join(path.dirname(file), typeof data.source_dir === 'string' && data.source_dir ? data.source_dir : 'source');
  return {
    pick,
    notices,
    source: {
      sourceDir,
      skipRender: stringList(data.skip_render),
      exclude: stringList(data.exclude),
      include: stringList(data.include),
      ignore: stringList(data.ignore),
    },
  };
}
