/** `danlu dev`: the live-reloading preview server. */
import { parseArgs } from 'node:util';
import { startDevServer } from '../../server/dev.js';
import { defaultCacheDir } from '../../site/build/cache-dir.js';

/** Starts the dev server and keeps running until interrupted. */
export async function devCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      content: { type: 'string' },
      config: { type: 'string' },
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  // The dev server writes no output, but its render cache would go beside `dist`: in the notes with `--content .`.
  const cacheDir = defaultCacheDir({ contentDir: values.content });
  const dev = await startDevServer({ contentDir: values.content, configPath: values.config, port: Number(values.port), host: values.host, cacheDir });
  console.log(`danlu dev: ${dev.url} (drafts shown; Ctrl-C to stop)`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await dev.close();
  return 0;
}
