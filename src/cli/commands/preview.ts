/** `danlu preview`: serves the built `dist/` on localhost, as a static host would. */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, siteRoot } from '../../site/config.js';
import { DanluError } from '../../site/errors.js';
import { folderSource, serveFrom } from '../../server/static.js';

/** Serves until interrupted. */
export async function previewCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: 'dist' }, port: { type: 'string', default: '4173' }, host: { type: 'string', default: '127.0.0.1' }, config: { type: 'string' } },
  });
  const dir = path.resolve(values.out);
  if (!existsSync(dir)) throw new DanluError('nothing to preview yet', { path: dir, hint: 'run `npm run build` first' });
  const root = siteRoot(loadConfig(process.cwd(), values.config).config);
  const source = folderSource(dir);
  const server = createServer((req, res) => serveFrom(source, root, req, res));
  await new Promise<void>((resolve) => server.listen(Number(values.port), values.host, resolve));
  console.log(`danlu preview: http://${values.host}:${values.port}${root} (serving ${path.relative(process.cwd(), dir) || '.'}; Ctrl-C to stop)`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  server.close();
  return 0;
}
