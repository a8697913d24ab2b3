/**
 * Which site paths a note may take. The generated pages and files own fixed names at the top of the site (routes.ts,
 * build.ts), and a path must stay inside the output folder; both are checked before anything is rendered, so a
 * note's `permalink:` can neither replace a generated page nor write outside `--out`. Pages written by hand
 * (`source/about/index.md`) can use the same two checks.
 */

/**
 * First path segments the build writes itself: list pages, the feed and other extra files, copied assets, and the
 * output marker. Compared in lower case, since the output may sit on a case-insensitive file system.
 */
export const RESERVED_TOP_LEVEL: ReadonlySet<string> = new Set([
  'index.html',
  'page',
  'tags',
  'categories',
  'archives',
  'search',
  '404.html',
  'atom.xml',
  'sitemap.xml',
  'robots.txt',
  'search.json',
  // The search bundle (search/pagefind-index.ts SEARCH_DIR).
  'pagefind',
  // The theme's files and, under assets/demos/, the live demos' bundle (build.ts DEMOS_DIR).
  'assets',
  'katex',
  'files',
  '.danlu-output',
]);

/**
 * Why a raw `permalink:` value cannot be a path inside the output folder, or undefined when it can. Leading `/` is
 * the site root (as in Hexo), not the file system's; `.`/`..` segments, NUL and other control characters, and
 * backslashes (a separator on Windows) are refused rather than resolved, so no spelling reaches outside.
 */
export function unsafePathReason(value: string): string | undefined {
  if (/[\0-\x1f\x7f]/.test(value)) return 'contains a control character (NUL, newline, …)';
  if (value.includes('\\')) return 'contains a backslash; separate folders with `/`';
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return 'is a URL or a drive path; write a path inside the site, such as `notes/cnn/`';
  if (value.split('/').some((seg) => seg === '.' || seg === '..')) return 'has a `.` or `..` segment, which would leave its folder (or the output folder)';
  return undefined;
}

/**
 * The generated page or file a site path (no leading slash, `a/b/` or `a.html`) would replace, or undefined. The
 * home page is the empty path; anything below a reserved top-level name collides with it.
 */
export function reservedPathOwner(sitePath: string): string | undefined {
  const p = sitePath.replace(/^\/+/, '');
  if (p === '' || p === '/') return 'the home page';
  const first = (p.split('/')[0] ?? '').toLowerCase();
  return RESERVED_TOP_LEVEL.has(first) ? `the generated /${first}${p.includes('/') && !first.includes('.') ? '/' : ''}` : undefined;
}

/** The output file of a site path, for comparing two notes: `a/` and `a/index.html` are the same file. */
export function outputFileOf(sitePath: string): string {
  return (sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath).toLowerCase();
}
