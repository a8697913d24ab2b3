/** Helpers for whole-site tests: temporary copies of fixture sites, file trees, and a link checker. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the whole-site fixtures. */
export const sitesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sites');

/** Copies a fixture site into a fresh temporary folder and returns its path. */
export function tempSite(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `danlu-${name}-`));
  cpSync(path.join(sitesDir, name), dir, { recursive: true });
  return dir;
}

/** Every file under a folder, as relative paths → contents. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) visit(full);
      else out.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  visit(dir);
  return out;
}

/** A broken internal link found by {@link checkLinks}. */
export interface BrokenLink {
  page: string;
  href: string;
  reason: string;
}

/**
 * Checks every `href`/`src` under the site root in every HTML page: the target file must exist, and a `#fragment`
 * must name an element id on the target page. External links are not fetched.
 */
export function checkLinks(outDir: string, root: string): { checked: number; broken: BrokenLink[] } {
  const tree = readTree(outDir);
  const html = [...tree.keys()].filter((f) => f.endsWith('.html'));
  const idsOf = new Map<string, Set<string>>();
  const ids = (file: string): Set<string> => {
    let s = idsOf.get(file);
    if (!s) {
      s = new Set([...(tree.get(file)?.toString('utf8') ?? '').matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1] ?? '')));
      idsOf.set(file, s);
    }
    return s;
  };
  const broken: BrokenLink[] = [];
  let checked = 0;
  for (const page of html) {
    const text = tree.get(page)?.toString('utf8') ?? '';
    for (const m of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const href = decodeEntities(m[1] ?? '');
      if (/^[a-z]+:/i.test(href) || href.startsWith('//')) continue;
      checked++;
      const [p = '', frag] = href.split('#');
      let target = page;
      if (p) {
        if (!p.startsWith(root)) {
          broken.push({ page, href, reason: 'not under the site root' });
          continue;
        }
        let rel = decodeURIComponent(p.slice(root.length).split('?')[0] ?? '');
        if (rel === '' || rel.endsWith('/')) rel += 'index.html';
        target = tree.has(rel) ? rel : tree.has(`${rel}/index.html`) ? `${rel}/index.html` : '';
        if (!target) {
          broken.push({ page, href, reason: `no file ${rel}` });
          continue;
        }
      }
      if (frag && target.endsWith('.html') && !ids(target).has(decodeURIComponent(frag))) {
        broken.push({ page, href, reason: `no id "${decodeURIComponent(frag)}" in ${target}` });
      }
    }
  }
  return { checked, broken };
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
