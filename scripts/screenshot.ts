/**
 * Looks at a built page the way a reader does: serves `dist/` on localhost, opens a path in Debian's Chromium and
 * saves a PNG. `tsx scripts/screenshot.ts /tags/ /tmp/tags.png --width 375 --dark --full`
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { folderSource, serveFrom } from '../src/server/static.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'dist' },
    width: { type: 'string', default: '1200' },
    dark: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
  },
});
const [urlPath = '/', file = '/tmp/danlu-page.png'] = positionals;
const source = folderSource(values.out);
const server = createServer((req, res) => serveFrom(source, '/', req, res));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: 900 }, colorScheme: values.dark ? 'dark' : 'light' });
  page.on('requestfailed', (r) => console.error(`failed: ${r.url()}`));
  await page.goto(`http://127.0.0.1:${port}${encodeURI(urlPath)}`);
  await page.screenshot({ path: file, fullPage: values.full });
  console.log(file);
} finally {
  await browser.close();
  server.close();
}
