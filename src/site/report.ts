/**
 * The one reporter: prints every problem as `path:line:column severity rule message`, groups repeats so a big
 * folder stays readable (KaTeX notes one warning per pasted Chinese character), and builds the JSON report.
 */
import type { Message } from './messages.js';
import { compareMessages } from './messages.js';

/** What `--report` writes. */
export interface BuildReport {
  notes: number;
  pages: number;
  durationMs: number;
  phases: Record<string, number>;
  math: { inline: number; display: number; errors: number };
  /** Diagrams drawn at build time, per kind: how many, how many the cache served, and render time. */
  diagrams: Record<string, { count: number; cached: number; ms: number; msPerDiagram: number }>;
  messages: Message[];
  /** True when nothing had changed since the last build into the same folder, so nothing was written. */
  upToDate?: boolean;
  /** Facts about how the site was read that a writer should know (e.g. which timezone dates were read in). */
  notices?: string[];
}

/** Printed messages of one rule in one file before the rest are summarised. */
const PER_FILE_RULE_LIMIT = 3;

/** Formats messages for the terminal, grouped; the last line counts errors and warnings. */
export function formatMessages(messages: Message[]): string {
  const sorted = [...messages].sort(compareMessages);
  const lines: string[] = [];
  const shown = new Map<string, number>();
  const hidden = new Map<string, { file: string; rule: string; count: number }>();
  for (const m of sorted) {
    const key = `${m.file}\0${m.rule}\0${m.severity}`;
    const n = (shown.get(key) ?? 0) + 1;
    shown.set(key, n);
    if (n <= PER_FILE_RULE_LIMIT) lines.push(`${m.file}:${m.line}:${m.column} ${m.severity} ${m.rule} ${m.message}`);
    else {
      const h = hidden.get(key) ?? { file: m.file, rule: m.rule, count: 0 };
      h.count++;
      hidden.set(key, h);
    }
  }
  for (const h of hidden.values()) lines.push(`${h.file}: … and ${h.count} more ${h.rule} in this file`);
  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;
  if (messages.length) {
    const byRule = new Map<string, number>();
    for (const m of messages) byRule.set(m.rule, (byRule.get(m.rule) ?? 0) + 1);
    const summary = [...byRule].sort((a, b) => b[1] - a[1]).map(([r, c]) => `${r} ×${c}`).join(', ');
    lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${summary})`);
  }
  return lines.join('\n');
}

/** Applies `--strict`: every warning becomes an error. */
export function applyStrict(messages: Message[], strict: boolean): Message[] {
  return strict ? messages.map((m) => ({ ...m, severity: 'error' as const })) : messages;
}

/** Where a build is: the phase that started, and in `render` how many notes are done of how many. */
export interface BuildProgress {
  phase: string;
  done?: number | undefined;
  total?: number | undefined;
}

/** A build quieter than this shows no progress line at all (most rebuilds). */
const PROGRESS_AFTER_MS = 2000;
/** The line is redrawn at most this often. */
const PROGRESS_EVERY_MS = 200;

/**
 * A progress line on `stream` for a long build: nothing for the first {@link PROGRESS_AFTER_MS}, then the phase
 * and the notes rendered so far, redrawn in place. Only on a terminal and not under `CI` (logs get no `\r`
 * redraws); elsewhere `onProgress` does nothing. `clear()` removes the line before the summary is printed.
 */
export function progressLine(
  stream: { isTTY?: boolean; write(text: string): unknown },
  env: Record<string, string | undefined> = process.env,
  now: () => number = () => performance.now(),
): { onProgress: (progress: BuildProgress) => void; clear: () => void } {
  const enabled = stream.isTTY === true && !env.CI;
  const started = now();
  let last = -Infinity;
  let shown = false;
  let current: BuildProgress = { phase: 'start' };
  const draw = (force: boolean): void => {
    const t = now();
    if (t - started < PROGRESS_AFTER_MS || (!force && t - last < PROGRESS_EVERY_MS)) return;
    last = t;
    shown = true;
    const count = current.total ? ` ${current.done ?? 0}/${current.total} notes` : '';
    stream.write(`\r\x1b[K${current.phase}${count} (${((t - started) / 1000).toFixed(1)} s)`);
  };
  return {
    onProgress: (progress) => {
      if (!enabled) return;
      const changed = progress.phase !== current.phase;
      current = progress;
      draw(changed);
    },
    clear: () => {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
