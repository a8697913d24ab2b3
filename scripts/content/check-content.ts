/**
 * Checks the site's own notes (`content/`) independently of the build pipeline, so a writer learns about a bad
 * formula, a broken mermaid diagram or a dangling wikilink before the site is built:
 *
 *   npx tsx scripts/content/check-content.ts [contentDir]
 *
 * - every `$…$`, `$$…$$` (all the fence forms the site supports), `\(…\)` and `\[…\]` is typeset by KaTeX with
 *   `throwOnError: true`; a display environment written inside `$…$` is typeset in display mode, as the site does;
 * - every ```` ```nn ````, ```` ```plot ```` and ```` ```mermaid ```` block is rendered by the site's own diagram
 *   renderer (`src/site/diagrams/render.ts`), so a shape that does not fit or a bad expression fails here too;
 * - every `[[Note]]`, `[[Note|label]]`, `[[Note#Heading]]` names an existing note (title or file name) and heading,
 *   and every `![[file]]` exists in the content folder;
 * - front matter has a title and a Hexo-style date (`YYYY-MM-DD HH:mm:ss`).
 *
 * Problems print as `path:line:column severity rule message` (lines of the source file, front matter included);
 * any error exits 1. Math is found with Pandoc's rule for single dollars (no space after the opening `$`, none
 * before the closing one, no digit right after it), which is why `$5 and $10` in prose is not math.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import katex from 'katex';
import matter from 'gray-matter';
import { renderDiagram } from '../../src/site/diagrams/render.js';

/** One problem found in a note, positioned in the source file (1-based line and column). */
export interface ContentMessage {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  rule: string;
  message: string;
}

/** A formula found in a note: its TeX, whether it is display math, and where it starts in the source text. */
export interface FoundMath {
  tex: string;
  display: boolean;
  offset: number;
}

/** Lists every `.md` file under `dir`, sorted so the output is stable. */
export function listNotes(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listNotes(path));
    else if (extname(name) === '.md') out.push(path);
  }
  return out;
}

/**
 * Blanks out fenced code blocks and inline code spans (keeping newlines and length), so offsets still map to the
 * source but nothing inside code is taken for math or a wikilink.
 */
export function maskCode(text: string): string {
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  // Fenced blocks: an opening fence of 3+ backticks or tildes, closed by the same kind at least as long.
  let masked = text.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1?\2[`~]*[ \t]*$|(?![\s\S]))/gm, blank);
  masked = masked.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
  return masked;
}

/** Environments KaTeX only accepts in display mode; written inside `$…$` they are promoted, as on the site. */
const DISPLAY_ONLY = /\\begin\{(align\*?|alignat\*?|gather\*?|equation\*?|multline\*?|split|flalign\*?)\}/;

/** Finds all math in a (code-masked) note body, in source order. */
export function findMath(masked: string): FoundMath[] {
  const found: FoundMath[] = [];
  let rest = masked;
  const take = (re: RegExp, display: (tex: string) => boolean): void => {
    rest = rest.replace(re, (whole: string, tex: string, offset: number) => {
      found.push({ tex, display: display(tex), offset });
      return whole.replace(/[^\n]/g, ' ');
    });
  };
  take(/(?<!\\)\$\$([\s\S]+?)\$\$/g, () => true);
  take(/\\\[([\s\S]+?)\\\]/g, () => true);
  take(/\\\(([\s\S]+?)\\\)/g, (tex) => DISPLAY_ONLY.test(tex));
  take(/(?<![\\$])\$(?![\s$])((?:\\\$|[^$\n])+?)(?<!\s)\$(?!\d)/g, (tex) => DISPLAY_ONLY.test(tex));
  return found.sort((a, b) => a.offset - b.offset);
}

/** Converts an offset in `text` to a 1-based line and column. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Strips an Obsidian-style heading to the text a `[[Note#Heading]]` names. */
function headingsOf(body: string): Set<string> {
  const set = new Set<string>();
  for (const m of maskCode(body).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) set.add((m[1] ?? '').trim());
  return set;
}

/** Checks every note under `dir` and returns the messages plus counts of what was checked. */
export async function checkContent(dir: string): Promise<{
  messages: ContentMessage[];
  counts: { notes: number; inline: number; display: number; diagrams: number; wikilinks: number };
}> {
  const messages: ContentMessage[] = [];
  const counts = { notes: 0, inline: 0, display: 0, diagrams: 0, wikilinks: 0 };
  const files = listNotes(dir);
  const notes = files.map((path) => {
    const source = readFileSync(path, 'utf8');
    const parsed = matter(source);
    const data = parsed.data as Record<string, unknown>;
    const title = typeof data['title'] === 'string' ? data['title'] : basename(path, '.md');
    return { path, source, data, title, name: basename(path, '.md'), headings: headingsOf(parsed.content) };
  });
  const byName = new Map<string, (typeof notes)[number]>();
  for (const note of notes) {
    byName.set(note.title, note);
    byName.set(note.name, note);
  }

  for (const note of notes) {
    counts.notes++;
    const file = relative(process.cwd(), note.path);
    const report = (offset: number, severity: ContentMessage['severity'], rule: string, message: string): void => {
      messages.push({ file, ...position(note.source, offset), severity, rule, message });
    };
    if (typeof note.data['title'] !== 'string') report(0, 'warning', 'front-matter', 'no title');
    const date = note.data['date'];
    if (!(date instanceof Date)) report(0, 'error', 'front-matter', 'date must look like 2023-07-02 18:53:58');

    const masked = maskCode(note.source);
    // Front matter is not markdown: blank it so `$` or `[[` in YAML is not checked as body syntax.
    const fm = /^---\n[\s\S]*?\n---\n/.exec(note.source);
    const body = fm ? fm[0].replace(/[^\n]/g, ' ') + masked.slice(fm[0].length) : masked;

    for (const math of findMath(body)) {
      if (math.display) counts.display++;
      else counts.inline++;
      try {
        katex.renderToString(math.tex, {
          displayMode: math.display,
          throwOnError: true,
          strict: (code: string, msg: string) => {
            report(math.offset, 'warning', 'katex-strict', `${code}: ${msg}`);
            return 'ignore';
          },
        });
      } catch (error) {
        report(math.offset, 'error', 'katex', error instanceof Error ? error.message : String(error));
      }
    }

    for (const m of note.source.matchAll(/^```(nn|plot|mermaid)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)) {
      counts.diagrams++;
      const kind = m[1] as 'nn' | 'plot' | 'mermaid';
      // `await` so this works whether the renderer is sync or lazy-loads its kinds asynchronously.
      const { result } = await renderDiagram(kind, m[2] ?? '');
      if (!result.ok) report(m.index ?? 0, 'error', result.error.ruleId, result.error.message);
    }

    for (const m of body.matchAll(/(!?)\[\[([^\]|#\n]+)(?:#([^\]|\n]+))?(?:\|([^\]\n]*))?\]\]/g)) {
      counts.wikilinks++;
      // A wikilink inside a table escapes its label pipe as `\|`, leaving a backslash on the target.
      const target = (m[2] ?? '').replace(/\\$/, '').trim();
      if (m[1] === '!') {
        const exists = existsInContent(dir, target);
        if (!exists) report(m.index ?? 0, 'error', 'embed', `no file "${target}" in ${dir}`);
        continue;
      }
      const linked = byName.get(target);
      if (!linked) {
        report(m.index ?? 0, 'error', 'wikilink', `no note titled or named "${target}"`);
      } else if (m[3] && !linked.headings.has(m[3].trim())) {
        report(m.index ?? 0, 'error', 'wikilink', `"${target}" has no heading "${m[3].trim()}"`);
      }
    }
  }
  return { messages, counts };
}

/** True when a file with this name (or relative path) exists somewhere under `dir`. */
function existsInContent(dir: string, target: string): boolean {
  const walk = (d: string): boolean =>
    readdirSync(d).some((name) => {
      const path = join(d, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name === target || relative(dir, path) === target;
    });
  return walk(dir);
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]));
if (isMain) {
  const dir = process.argv[2] ?? 'content';
  const { messages, counts } = await checkContent(dir);
  for (const m of messages) console.log(`${m.file}:${m.line}:${m.column} ${m.severity} ${m.rule} ${m.message}`);
  console.log(
    `${counts.notes} notes: ${counts.inline} inline + ${counts.display} display formulas, ` +
      `${counts.diagrams} diagrams, ${counts.wikilinks} wikilinks/embeds; ` +
      `${messages.filter((m) => m.severity === 'error').length} errors, ` +
      `${messages.filter((m) => m.severity === 'warning').length} warnings`,
  );
  if (messages.some((m) => m.severity === 'error')) process.exitCode = 1;
}
