/**
 * Site configuration: `danlu.config.yaml` (or `.yml`/`.json`) in the site folder, every key optional, so a
 * folder of notes builds with no config at all. Values are checked here once, with errors that name the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { ConfigError } from './errors.js';
import type { Language } from './render/context.js';

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
};

/** Names searched, in order, in the site folder. */
export const configFileNames = ['danlu.config.yaml', 'danlu.config.yml', 'danlu.config.json'];

/**
 * Finds and reads the config file of a site folder (or the given path). Without one, a Hexo blog's `_config.yml`
 * is read instead (beside the site folder, or two levels above a `source/_posts` content folder), so a Hexo blog
 * builds with its own title, URL, timezone and permalinks and nothing to write; otherwise defaults.
 */
export function loadConfig(siteDir: string, explicitPath?: string, contentDir?: string): { config: SiteConfig; path: string | undefined } {
  const file = explicitPath ?? configFileNames.map((n) => path.join(siteDir, n)).find((p) => existsSync(p));
  if (!file) {
    const hexo = findHexoConfig(siteDir, contentDir);
    return hexo ? { config: readHexoConfig(hexo), path: hexo } : { config: { ...defaultConfig }, path: undefined };
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
  return { config: resolveConfig(data ?? {}, file), path: file };
}

/** Checks raw config data and fills in defaults. Exported for tests and for configs given as objects. */
export function resolveConfig(data: unknown, file = '<config>'): SiteConfig {
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
    const expected = typeof defaultConfig[k as keyof SiteConfig];
    if (typeof value !== expected) {
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
  if (!Number.isInteger(out.postsPerPage) || out.postsPerPage < 1) {
    throw new ConfigError('`postsPerPage` must be a positive integer', { path: file });
  }
  try {
    const u = new URL(out.url);
    out.url = u.origin + u.pathname.replace(/\/+$/, '');
  } catch (cause) {
    throw new ConfigError(`\`url\` must be an absolute URL such as https://example.org, got "${out.url}"`, { path: file, cause });
  }
  return out;
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

/** Takes the settings danlu shares with Hexo from its `_config.yml`; everything else there is Hexo's own. */
export function readHexoConfig(file: string): SiteConfig {
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
  if (typeof data.timezone === 'string' && data.timezone) pick.timezone = data.timezone;
  const perPage = Number(data.per_page);
  if (Number.isInteger(perPage) && perPage > 0) pick.postsPerPage = perPage;
  const lang = Array.isArray(data.language) ? data.language[0] : data.language;
  if (typeof lang === 'string') pick.language = /^zh/i.test(lang) ? 'zh-CN' : 'en';
  // Hexo keeps the base path in `root`; danlu reads it from `url`.
  if (typeof pick.url === 'string' && typeof data.root === 'string' && data.root !== '/' && !new URL(pick.url).pathname.replace(/\/+$/, '')) {
    pick.url = pick.url.replace(/\/+$/, '') + '/' + data.root.replace(/^\/+|\/+$/g, '');
  }
  return resolveConfig(pick, file);
}
