/**
 * The one shape every content problem takes once it leaves the pipeline: what the reporter prints as
 * `path:line:column severity rule message` and what `--report` writes as JSON.
 */
import type { VFileMessage } from 'vfile-message';

/** How bad a problem is; `--strict` turns warnings into errors. */
export type Severity = 'error' | 'warning';

/** A content problem with its place in the source file (1-based line and column, front matter included). */
export interface Message {
  /** Path as given to the build (relative to the working directory when inside it). */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Stable kebab-case id of the check, e.g. `katex-parse`, `front-matter-yaml`. */
  rule: string;
  message: string;
}

/** Converts a vfile message from a plugin into a {@link Message}; plugins mark errors with `fatal = true`. */
export function fromVFileMessage(file: string, m: VFileMessage): Message {
  return {
    file,
    line: m.line ?? 1,
    column: m.column ?? 1,
    severity: m.fatal === true ? 'error' : 'warning',
    rule: m.ruleId ?? (m.source ? String(m.source) : 'markdown'),
    message: m.reason,
  };
}

/** Orders messages by file, then place, so output is stable run to run. */
export function compareMessages(a: Message, b: Message): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
