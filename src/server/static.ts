/**
 * Serving a built site over HTTP on localhost: from a folder (`preview`) or from the in-memory output of the
 * dev server. Paths are decoded (Chinese URLs), directory URLs serve `index.html`, unknown paths the site's 404.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

/** Content type by file extension. */
export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads one output file by its site path (already stripped of the root), or undefined. */
export type FileSource = (rel: string) => Uint8Array | string | undefined;

/** A file source over a folder on disk, refusing paths that escape it. */
export function folderSource(dir: string): FileSource {
  const root = path.resolve(dir);
  return (rel) => {
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return undefined;
    return existsSync(file) && statSync(file).isFile() ? readFileSync(file) : undefined;
  };
}

/** Candidate output paths for a URL path: the file itself, or the directory's index.html. */
export function candidates(urlPath: string, root: string): string[] {
  let p: string;
  try {
    p = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return [];
  }
  if (!p.startsWith(root)) return [];
  p = p.slice(root.length);
  if (p === '' || p.endsWith('/')) return [`${p}index.html`];
  return [p, `${p}/index.html`];
}

/** Handles one request from a file source; `transform` may rewrite HTML (live reload). */
export function serveFrom(
  source: FileSource,
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  transform: (html: string) => string = (h) => h,
): void {
  const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
  const list = candidates(urlPath, root);
  for (const rel of list) {
    const body = source(rel);
    if (body === undefined) continue;
    if (rel.endsWith('/index.html') && !urlPath.endsWith('/') && list[0] !== rel) {
      res.writeHead(301, { location: `${urlPath}/` }).end();
      return;
    }
    const type = contentType(rel);
    const data = type.startsWith('text/html') ? transform(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) : body;
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(data);
    return;
  }
  const notFound = source('404.html');
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(notFound ? transform(typeof notFound === 'string' ? notFound : Buffer.from(notFound).toString('utf8')) : 'Not found');
}
