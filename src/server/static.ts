/**
 * Serving a built site over HTTP on localhost: from a folder (`preview`) or from the in-memory output of the
 * dev server. Paths are decoded (Chinese URLs), directory URLs serve `index.html`, unknown paths the site's 404.
 */
import { readFileSync, statSync } from 'node:fs';
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

/** A file source over a folder on disk, refusing paths that escape it; a file that vanishes or cannot be read is missing. */
export function folderSource(dir: string): FileSource {
  const root = path.resolve(dir);
  return (rel) => {
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return undefined;
    try {
      // Between a check and the read the file may be deleted (a rebuild, a user): read first, ask nothing.
      return statSync(file).isFile() ? readFileSync(file) : undefined;
    } catch {
      return undefined;
    }
  };
}

/** Longest URL path served; longer ones get 414 (browsers and proxies cut URLs near 8 KB too). */
export const MAX_URL_PATH = 8192;

/** A request path that cannot name a file of the site: the status and the reason sent back. */
export class BadRequestPath extends Error {
  override name = 'BadRequestPath';
  constructor(
    readonly status: 400 | 414,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The decoded site path of a raw request target (`/blog/%E6%A8%A1%E5%9E%8B/?q` → `/blog/模型/`), with runs of `/`
 * collapsed (so `//evil.example/` can never come back as a protocol-relative redirect). Throws
 * {@link BadRequestPath} for targets no file can have: not starting with `/`, overlong, undecodable, NUL, `\`, or a
 * `.`/`..` segment (which a static host would resolve, and which the folder source refuses anyway).
 */
export function requestPath(target: string): string {
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  if (raw.length > MAX_URL_PATH) throw new BadRequestPath(414, 'the path is too long');
  if (!raw.startsWith('/')) throw new BadRequestPath(400, 'the path must start with /');
  let p: string;
  try {
    p = decodeURIComponent(raw);
  } catch {
    throw new BadRequestPath(400, 'the path is not valid percent-encoding');
  }
  if (/[\0\\]/.test(p)) throw new BadRequestPath(400, 'the path contains NUL or a backslash');
  p = p.replace(/\/{2,}/g, '/');
  if (p.split('/').some((seg) => seg === '.' || seg === '..')) throw new BadRequestPath(400, 'the path contains a . or .. segment');
  return p;
}

/** Candidate output paths for a decoded site path: the file itself, or the directory's index.html. */
export function candidates(sitePath: string, root: string): string[] {
  if (!sitePath.startsWith(root)) return [];
  const p = sitePath.slice(root.length);
  if (p === '' || p.endsWith('/')) return [`${p}index.html`];
  return [p, `${p}/index.html`];
}

/** Headers every response carries: browsers must not guess a type other than the one sent. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = { 'x-content-type-options': 'nosniff' };

/** How {@link serveFrom} answers: HTML rewriting (live reload) and extra headers (a CSP). */
export interface ServeOptions {
  transform?: (html: string) => string;
  headers?: Readonly<Record<string, string>>;
  /** Where failures are logged; console.error by default. */
  log?: (line: string) => void;
}

/**
 * Handles one request from a file source. Never throws: a bad path is a 4xx, any failure while answering (a file
 * source that throws, a theme transform that throws) is a 500 and one log line, so one request cannot stop the server.
 */
export function serveFrom(source: FileSource, root: string, req: IncomingMessage, res: ServerResponse, options: ServeOptions = {}): void {
  const headers = { ...SECURITY_HEADERS, ...options.headers };
  const log = options.log ?? ((line: string) => console.error(line));
  try {
    answer(source, root, req, res, options.transform ?? ((h) => h), headers);
  } catch (error) {
    const status = error instanceof BadRequestPath ? error.status : 500;
    const reason = error instanceof Error ? error.message : String(error);
    log(`danlu: ${req.method ?? '?'} ${(req.url ?? '').slice(0, 200)} → ${status}: ${reason}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(status === 500 ? 'Internal error' : `Bad request: ${reason}`);
  }
}

function answer(source: FileSource, root: string, req: IncomingMessage, res: ServerResponse, transform: (html: string) => string, headers: Record<string, string>): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
    return;
  }
  const sitePath = requestPath(req.url ?? '/');
  const list = candidates(sitePath, root);
  const send = (status: number, type: string, data: Uint8Array | string): void => {
    res.writeHead(status, { ...headers, 'content-type': type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : data);
  };
  const asText = (body: Uint8Array | string): string => (typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  for (const rel of list) {
    const body = source(rel);
    if (body === undefined) continue;
    if (rel.endsWith('/index.html') && !sitePath.endsWith('/') && list[0] !== rel) {
      // Built from the decoded, collapsed path: the raw target could hold `//` or bytes a header may not carry.
      res.writeHead(301, { ...headers, location: `${encodeURI(sitePath)}/` }).end();
      return;
    }
    const type = contentType(rel);
    send(200, type, type.startsWith('text/html') ? transform(asText(body)) : body);
    return;
  }
  const notFound = source('404.html');
  send(404, 'text/html; charset=utf-8', notFound ? transform(asText(notFound)) : 'Not found');
}
