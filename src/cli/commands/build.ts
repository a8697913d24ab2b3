/** `danlu build` and `danlu check`: run the build, print grouped messages and a summary, write `--report`. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from '../../site/build.js';
import { formatMessages, progressLine } from '../../site/report.js';
import { defaultCacheDir } from '../../site/build/cache-dir.js';

/** `--threads N` (`-j N`): render threads, 1 = main thread only. */
function threadCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--threads takes a whole number of at least 1 (got "${value}")`);
  return n;
}

/** Runs a build from command-line flags; returns the exit code (1 when there are errors). */
export async function buildCommand(argv: string[], mode: { write: boolean; search?: 'inline' | 'off' }): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      content: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      report: { type: 'string' },
      strict: { type: 'boolean', default: false },
      drafts: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      threads: { type: 'string', short: 'j' },
    },
    strict: true,
  });
  // A long build says where it is on a terminal (render: notes done of how many); quiet in logs and under CI.
  const progress = progressLine(process.stderr);
  const result = await build({
    contentDir: values.content,
    outDir: values.out,
    configPath: values.config,
    strict: values.strict,
    drafts: values.drafts,
    // `check --content .` has no output of its own: its default cache beside `dist` would land in the notes.
    cacheDir: values['no-cache'] ? false : defaultCacheDir({ contentDir: values.content, outDir: values.out }),
    write: mode.write,
    search: mode.search,
    threads: values.threads === undefined ? undefined : threadCount(values.threads),
    onProgress: values.quiet ? undefined : progress.onProgress,
  }).finally(progress.clear);
  const { report } = result;
  const text = formatMessages(report.messages);
  if (text) console.error(text);
  if (values.report) writeFileSync(path.resolve(values.report), JSON.stringify(report, null, 2) + '\n');
  if (!values.quiet) {
    const phases = Object.entries(report.phases).map(([k, v]) => `${k} ${v}ms`).join(', ');
    for (const notice of report.notices ?? []) console.log(`note: ${notice}`);
    const where = mode.write ? (result.ok ? `→ ${path.relative(process.cwd(), result.outDir) || '.'}` : '(nothing written: fix the errors above; the previous output is untouched)') : '(check only)';
    if (report.upToDate) {
      console.log(`up to date: nothing changed since the last build (${report.notes} notes, ${report.pages} pages) — checked in ${report.durationMs} ms; --no-cache rebuilds everything`);
      return 0;
    }
    const drawn = Object.entries(report.diagrams).map(([k, d]) => `${d.count} ${k} (${d.msPerDiagram} ms each)`).join(', ');
    console.log(
      `${result.ok ? 'built' : 'failed'}: ${report.notes} notes, ${report.pages} pages, math ${report.math.inline} inline / ${report.math.display} display / ${report.math.errors} errors${drawn ? `, diagrams ${drawn}` : ''} in ${report.durationMs} ms ${where}\n  phases: ${phases}`,
    );
  }
  return result.ok ? 0 : 1;
}
