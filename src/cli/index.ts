/**
 * The command line: a thin layer that parses flags and hands them to the build, the dev server or a scaffold.
 * `danlu build|dev|preview|new|check [options]`; `danlu help` lists them.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DanluError } from '../site/errors.js';

const HELP = `danlu — a static site generator for deep-learning notes

Usage:
  danlu build   [--content <dir>] [--out <dir>] [--config <file>] [--report <file>] [--strict] [--drafts] [--no-cache] [-j <threads>]
  danlu check   [--content <dir>] [--config <file>] [--report <file>] [--strict]   (build without writing)
  danlu dev     [--content <dir>] [--port 4000] [--host 127.0.0.1]                (live preview, drafts shown)
  danlu preview [--out <dir>] [--port 4173]                                         (serve the built site)
  danlu new     <title> [--content <dir>] [--dir <sub/folder>]                      (start a note)

With npm, put options after --:  npm run build -- --content ~/blog/source/_posts --out public`;

/** Runs a command and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // Each command's modules are loaded when it runs: `build` needs no HTTP server or file watcher.
    switch (command) {
      case 'build':
        return await (await import('./commands/build.js')).buildCommand(rest, { write: true });
      case 'check':
        return await (await import('./commands/build.js')).buildCommand(rest, { write: false, search: 'off' });
      case 'dev':
        return await (await import('./commands/dev.js')).devCommand(rest);
      case 'preview':
        return await (await import('./commands/preview.js')).previewCommand(rest);
      case 'new':
        return await (await import('./commands/new.js')).newCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return 0;
      default:
        console.error(`danlu: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof DanluError) {
      console.error(`error: ${error.describe()}`);
      return 1;
    }
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`danlu: ${error.message}\n\n${HELP}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
