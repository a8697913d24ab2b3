/**
 * The config's `comments` and `analytics`: third-party services a writer moving from Hexo/NexT expects. Each is
 * checked here once, so a typo is a config error naming the file and the key instead of a comment box that never
 * appears. NexT's snake_case names (`repo_id`, `server_url`, `website_id`, `tracking_id`) are read as well.
 */
import { ConfigError } from './errors.js';
import type { AnalyticsSettings, CommentsSettings, Language } from './render/context.js';

/** Comment systems danlu renders, as written in `comments.provider`. */
export const COMMENT_PROVIDERS = ['giscus', 'waline', 'twikoo'] as const;

/** Analytics services danlu renders, as written in `analytics.provider`. */
export const ANALYTICS_PROVIDERS = ['umami', 'plausible', 'baidu', 'google'] as const;

/** Where each client comes from when the config names none: the address each provider's own docs give. */
export const PROVIDER_DEFAULTS = {
  giscus: 'https://giscus.app/client.js',
  waline: 'https://unpkg.com/@waline/client@v3/dist/',
  twikoo: 'https://cdn.jsdelivr.net/npm/twikoo@1.6.44/dist/twikoo.all.min.js',
  plausible: 'https://plausible.io/js/script.js',
} as const;

const GISCUS_MAPPINGS = ['pathname', 'url', 'title', 'og:title', 'specific', 'number'];

type Raw = Record<string, unknown>;

/** `repo_id` → `repoId`, so NexT's section can be pasted as it is. */
function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function mapping(value: unknown, key: string, file: string, example: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`\`${key}\` must be a mapping such as ${example}, got ${JSON.stringify(value)}`, { path: file });
  }
  const out: Raw = {};
  for (const [k, v] of Object.entries(value)) out[camel(k)] = v;
  return out;
}

/** Reads the allowed keys of one provider's mapping; an unknown key is an error listing the known ones. */
function reader(raw: Raw, prefix: string, file: string, allowed: readonly string[]) {
  for (const k of Object.keys(raw)) {
    // `enable` is NexT's on/off switch; `provider` picked this reader.
    if (k === 'provider' || k === 'enable') continue;
    if (!allowed.includes(k)) {
      throw new ConfigError(`unknown key \`${prefix}.${k}\``, { path: file, hint: `known keys: ${allowed.map((a) => `${prefix}.${a}`).join(', ')}` });
    }
  }
  const text = (k: string, required: boolean, fallback = ''): string => {
    const v = raw[k];
    if (v === undefined || v === null || v === '') {
      if (required) throw new ConfigError(`\`${prefix}.${k}\` is required`, { path: file, hint: `set \`${k}:\` under \`${prefix.split('.')[0]}\`` });
      return fallback;
    }
    if (typeof v !== 'string' && typeof v !== 'number') throw new ConfigError(`\`${prefix}.${k}\` must be text, got ${JSON.stringify(v)}`, { path: file });
    return String(v).trim();
  };
  const url = (k: string, required: boolean, fallback = ''): string => {
    const v = text(k, required, fallback);
    if (!v) return v;
    let u: URL | undefined;
    try {
      u = new URL(v);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) {
      throw new ConfigError(`\`${prefix}.${k}\` must be an absolute http(s) URL, got "${v}"`, { path: file });
    }
    return v;
  };
  const flag = (k: string, fallback: boolean): boolean => {
    const v = raw[k];
    if (v === undefined || v === null) return fallback;
    // giscus's own attributes are "1"/"0"; NexT copies them.
    if (v === true || v === 1 || v === '1' || v === 'true') return true;
    if (v === false || v === 0 || v === '0' || v === 'false') return false;
    throw new ConfigError(`\`${prefix}.${k}\` must be true or false, got ${JSON.stringify(v)}`, { path: file });
  };
  return { text, url, flag };
}

function provider(raw: Raw, key: string, file: string, known: readonly string[]): string {
  const p = raw.provider;
  if (typeof p !== 'string' || !known.includes(p)) {
    const what = p === undefined ? `\`${key}.provider\` is required` : `unknown provider ${JSON.stringify(p)} in \`${key}.provider\``;
    throw new ConfigError(what, { path: file, hint: `valid providers: ${known.join(', ')}` });
  }
  return p;
}

/** Checks `comments` and fills in defaults; `undefined` (or `null`, or `enable: false`) means no comments. */
export function resolveComments(value: unknown, file: string, language: Language): CommentsSettings | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  const raw = mapping(value, 'comments', file, '`{ provider: giscus, repo: owner/name, … }`');
  if (raw.enable === false) return undefined;
  const p = provider(raw, 'comments', file, COMMENT_PROVIDERS);
  const prefix = 'comments';
  if (p === 'giscus') {
    const r = reader(raw, prefix, file, ['repo', 'repoId', 'category', 'categoryId', 'mapping', 'term', 'strict', 'reactions', 'reactionsEnabled', 'inputPosition', 'lang', 'src']);
    const repo = r.text('repo', true);
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new ConfigError(`\`comments.repo\` must be \`owner/name\`, got "${repo}"`, { path: file });
    const map = r.text('mapping', false, 'pathname');
    if (!GISCUS_MAPPINGS.includes(map)) {
      throw new ConfigError(`\`comments.mapping\` must be one of ${GISCUS_MAPPINGS.join(', ')}, got "${map}"`, { path: file });
    }
    const term = r.text('term', map === 'specific' || map === 'number');
    const inputPosition = r.text('inputPosition', false, 'bottom');
    if (inputPosition !== 'top' && inputPosition !== 'bottom') {
      throw new ConfigError(`\`comments.inputPosition\` must be top or bottom, got "${inputPosition}"`, { path: file });
    }
    return {
      provider: 'giscus',
      repo,
      repoId: r.text('repoId', true),
      category: r.text('category', true),
      categoryId: r.text('categoryId', true),
      mapping: map,
      term,
      strict: r.flag('strict', false),
      reactions: r.flag('reactions', r.flag('reactionsEnabled', true)),
      inputPosition,
      lang: r.text('lang', false, language === 'zh-CN' ? 'zh-CN' : 'en'),
      src: r.url('src', false, PROVIDER_DEFAULTS.giscus),
    };
  }
  if (p === 'waline') {
    const r = reader(raw, prefix, file, ['serverURL', 'serverUrl', 'cdn', 'lang']);
    // NexT's `serverURL`; `server_url` reads as `serverUrl`.
    const serverURL = raw.serverURL !== undefined ? r.url('serverURL', true) : r.url('serverUrl', false);
    if (!serverURL) throw new ConfigError('`comments.serverURL` is required', { path: file, hint: 'the address of your Waline server, e.g. https://waline.example.org' });
    const cdn = r.url('cdn', false, PROVIDER_DEFAULTS.waline);
    return { provider: 'waline', serverURL, cdn: cdn.endsWith('/') ? cdn : `${cdn}/`, lang: r.text('lang', false, language) };
  }
  const r = reader(raw, prefix, file, ['envId', 'region', 'src', 'lang']);
  return {
    provider: 'twikoo',
    envId: r.text('envId', true),
    region: r.text('region', false),
    src: r.url('src', false, PROVIDER_DEFAULTS.twikoo),
    lang: r.text('lang', false, language),
  };
}

/** Checks `analytics`: one mapping or a list of them (a site may report to two services). */
export function resolveAnalytics(value: unknown, file: string, siteUrl: string): AnalyticsSettings[] {
  if (value === undefined || value === null || value === false) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: AnalyticsSettings[] = [];
  list.forEach((item, i) => {
    const key = Array.isArray(value) ? `analytics[${i}]` : 'analytics';
    const raw = mapping(item, key, file, '`{ provider: umami, src: https://…/script.js, websiteId: … }`');
    if (raw.enable === false) return;
    const p = provider(raw, key, file, ANALYTICS_PROVIDERS);
    if (p === 'umami') {
      const r = reader(raw, key, file, ['src', 'scriptUrl', 'websiteId', 'domains']);
      const src = raw.src !== undefined ? r.url('src', true) : r.url('scriptUrl', false);
      if (!src) throw new ConfigError(`\`${key}.src\` is required`, { path: file, hint: 'the tracker script, e.g. https://cloud.umami.is/script.js or your own instance\'s' });
      out.push({ provider: 'umami', src, websiteId: r.text('websiteId', true), domains: r.text('domains', false) });
    } else if (p === 'plausible') {
      const r = reader(raw, key, file, ['src', 'scriptUrl', 'domain']);
      const src = raw.src !== undefined ? r.url('src', true) : r.url('scriptUrl', false, PROVIDER_DEFAULTS.plausible);
      out.push({ provider: 'plausible', src, domain: r.text('domain', false, new URL(siteUrl).hostname) });
    } else {
      const r = reader(raw, key, file, p === 'google' ? ['id', 'trackingId', 'measurementId'] : ['id', 'appId']);
      const alias = p === 'google' ? (raw.trackingId !== undefined ? 'trackingId' : raw.measurementId !== undefined ? 'measurementId' : 'id') : raw.appId !== undefined ? 'appId' : 'id';
      const id = r.text(alias, true);
      const shape = p === 'google' ? /^(G|GT|AW|UA)-[A-Z0-9-]+$/i : /^[0-9a-f]{32}$/i;
      if (!shape.test(id)) {
        const expected = p === 'google' ? 'a measurement id such as G-XXXXXXXXXX' : 'the 32 hex digits after hm.js? in Baidu\'s snippet';
        throw new ConfigError(`\`${key}.${alias}\` must be ${expected}, got "${id}"`, { path: file });
      }
      out.push(p === 'google' ? { provider: 'google', id } : { provider: 'baidu', id });
    }
  });
  return out;
}

/** CSP directives (`script-src`, `connect-src`, …) → the origins a configured provider needs in the page. */
export type ProviderSources = Partial<Record<'script-src' | 'style-src' | 'connect-src' | 'frame-src', string[]>>;

/**
 * What the configured comments and analytics load or contact, as CSP sources, so a server that sends a policy
 * (the dev server's) can let exactly these through and nothing else. Empty without either setting.
 */
export function providerSources(config: { comments: CommentsSettings | undefined; analytics: readonly AnalyticsSettings[] }): ProviderSources {
  const out: Required<ProviderSources> = { 'script-src': [], 'style-src': [], 'connect-src': [], 'frame-src': [] };
  const add = (directive: keyof ProviderSources, ...urls: string[]): void => {
    for (const u of urls) {
      const origin = /^https?:\/\/\*/.test(u) ? u : new URL(u).origin;
      if (!out[directive].includes(origin)) out[directive].push(origin);
    }
  };
  const c = config.comments;
  // giscus's client adds its own stylesheet and an iframe of the same origin.
  if (c?.provider === 'giscus') { add('script-src', c.src); add('style-src', c.src); add('frame-src', c.src); }
  // Waline's client reads its emoji lists from unpkg unless told otherwise.
  if (c?.provider === 'waline') { add('script-src', c.cdn); add('style-src', c.cdn); add('connect-src', c.serverURL, c.cdn, 'https://unpkg.com'); }
  if (c?.provider === 'twikoo') {
    add('script-src', c.src);
    // A self-hosted server is a URL; a CloudBase environment id talks to Tencent's hosts.
    if (/^https?:\/\//.test(c.envId)) add('connect-src', c.envId);
    else add('connect-src', 'https://*.tcloudbase.com', 'https://*.tencentcloudapi.com', 'https://*.qcloud.la');
  }
  for (const a of config.analytics) {
    if (a.provider === 'umami' || a.provider === 'plausible') { add('script-src', a.src); add('connect-src', a.src); }
    if (a.provider === 'baidu') { add('script-src', 'https://hm.baidu.com'); add('connect-src', 'https://hm.baidu.com'); }
    if (a.provider === 'google') {
      add('script-src', 'https://www.googletagmanager.com');
      add('connect-src', 'https://*.google-analytics.com', 'https://*.analytics.google.com', 'https://*.googletagmanager.com');
    }
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v.length > 0));
}
