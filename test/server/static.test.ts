/**
 * The static server answers every request, however malformed, with a status and never dies: `//`, encoded and
 * malformed paths, overlong ones, files deleted under it, a throwing source, and 2,000 requests at once.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { rawGet } from '../helpers/http.js';
import { folderSource, requestPath, serveFrom, type FileSource } from '../../src/server/static.js';

async function serve(source: FileSource, root: string, logs: string[]): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => serveFrom(source, root, req, res, { log: (l) => logs.push(l) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function site(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'danlu-static-'));
  mkdirSync(path.join(dir, 'a'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<html><body>home</body></html>');
  writeFileSync(path.join(dir, '404.html'), '<html><body>not here</body></html>');
  writeFileSync(path.join(dir, 'a', 'index.html'), '<html><body>page a</body></html>');
  writeFileSync(path.join(dir, 'a', 'x.png'), 'png');
  return dir;
}

test('requestPath decodes, collapses slashes and refuses what no file can be', () => {
  assert.equal(requestPath('/%E6%A8%A1%E5%9E%8B/?q=1'), '/模型/');
  assert.equal(requestPath('//'), '/');
  assert.equal(requestPath('//evil.example/x'), '/evil.example/x');
  for (const bad of ['%', '/%', '/%00', '/..%2f..%2fetc/passwd', '/a/../b', '/a/%2e%2e/b', '/a%5cb', 'a', '*']) {
    assert.throws(() => requestPath(bad), { name: 'BadRequestPath' }, bad);
  }
  assert.throws(() => requestPath(`/${'a'.repeat(9000)}`), (e: { status?: number }) => e.status === 414);
});

test('preview server: malformed, encoded and hostile paths get 4xx, nosniff everywhere, and it stays up', { timeout: 60_000 }, async () => {
  const dir = site();
  const logs: string[] = [];
  const { server, port } = await serve(folderSource(dir), '/', logs);
  try {
    const cases: Array<[string, number]> = [
      ['/', 200],
      ['//', 200],
      ['///a/', 200],
      ['/a', 301],
      ['/a/x.png', 200],
      ['/%', 400],
      ['/%zz', 400],
      ['/%00', 400],
      ['/a%00.html', 400],
      ['/..%2f..%2fetc%2fpasswd', 400],
      ['/%2e%2e/%2e%2e/etc/passwd', 400],
      ['/a/..%5c..%5cx', 400],
      [`/${'x'.repeat(9000)}`, 414],
      [`/${'%E6%A8%A1'.repeat(500)}`, 404],
      ['/no/such/', 404],
      ['/a/x.png?%', 200],
    ];
    for (const [target, status] of cases) {
      const r = await rawGet(port, target);
      assert.equal(r.status, status, `${target.slice(0, 40)} → ${r.status}`);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', target.slice(0, 40));
    }
    // A redirect is built from the decoded path: `//evil.example` never becomes a protocol-relative Location.
    mkdirSync(path.join(dir, 'evil.example'));
    writeFileSync(path.join(dir, 'evil.example', 'index.html'), 'x');
    const redirect = await rawGet(port, '//evil.example');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/evil.example/');
    assert.ok(logs.some((l) => l.includes('→ 400')), 'bad requests are logged');

    // A file deleted while being served is a 404, not a crash.
    rmSync(path.join(dir, 'a', 'x.png'));
    assert.equal((await rawGet(port, '/a/x.png')).status, 404);
    assert.equal((await rawGet(port, '/')).status, 200, 'still up');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a source that throws is a 500 and a log line, and the next request is served', async () => {
  const logs: string[] = [];
  const { server, port } = await serve((rel) => {
    if (rel === 'boom.html') throw new Error('disk on fire');
    return rel === 'index.html' ? '<body>ok</body>' : undefined;
  }, '/', logs);
  try {
    const r = await rawGet(port, '/boom.html');
    assert.equal(r.status, 500);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(logs.some((l) => l.includes('/boom.html') && l.includes('disk on fire')), logs.join('\n'));
    assert.equal((await rawGet(port, '/')).status, 200);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('2,000 concurrent requests on loopback are all answered', { timeout: 120_000 }, async () => {
  const dir = site();
  const { server, port } = await serve(folderSource(dir), '/', []);
  // A bounded pool of sockets (well under the listen backlog), 2,000 requests in flight from the client's side.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  try {
    const targets = ['/', '//', '/a/', '/%', '/no/', '/a/x.png', '/..%2f..%2f'];
    const results = await Promise.all(Array.from({ length: 2000 }, (_, i) => rawGet(port, targets[i % targets.length] as string, agent)));
    const statuses = new Map<number, number>();
    for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    assert.equal(results.length, 2000);
    assert.ok(results.every((r) => r.status >= 200 && r.status < 500), JSON.stringify([...statuses]));
    assert.equal((await rawGet(port, '/')).status, 200);
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
});
