/**
 * The site's own KaTeX macros: a map from the config (`katex.macros`, as Quartz's `customMacros` and KaTeX's
 * `macros` option) and a preamble of `\newcommand` / `\def` lines (`katex.preamble`, as a LaTeX preamble or an
 * Obsidian/MathJax macro file). Both are applied to every formula at build time.
 *
 * The preamble is read by KaTeX itself, in its global group, so every definition form KaTeX knows inside a
 * formula (`\newcommand`, `\renewcommand`, `\def`, `\gdef`, `\let`, delimited parameters…) works the same in the
 * preamble, with KaTeX's own argument counts. `\DeclareMathOperator`, which preambles use and KaTeX lacks, is
 * defined for the preamble only (as `\operatorname`).
 *
 * mhchem (`\ce{…}`, `\pu{…}`) is KaTeX's own contrib extension, registered on import: every module that typesets
 * or checks TeX imports this one, so chemistry is available everywhere a formula is read.
 */
import katex from 'katex';
import 'katex/contrib/mhchem';

/**
 * What the math renderer needs besides the TeX: plain data (posted to render workers, part of the render-cache
 * key through `ProcessorSettings`).
 */
export interface KatexMacroSettings {
  /** Macro name (`\RR`) → expansion (`\mathbb{R}`), `#1`… for arguments. */
  macros: Record<string, string>;
  /** The preamble's text (its contents, not its path, so an edit to it changes the key). */
  preamble: string;
}

/** A macro table KaTeX reads: strings from the config, parsed definitions from the preamble. */
export type MacroTable = Record<string, string | object>;

/** A preamble or macro that KaTeX refuses; `line` is 1-based in the preamble when KaTeX gives a position. */
export class MacroDefinitionError extends Error {
  constructor(
    message: string,
    readonly where: 'preamble' | 'macros',
    readonly line?: number,
  ) {
    super(message);
    this.name = 'MacroDefinitionError';
  }
}

/** `\DeclareMathOperator{\name}{text}` and its starred form (limits below), for the preamble run only. */
const preambleHelpers: Record<string, string> = {
  '\\DeclareMathOperator': '\\@ifstar{\\@danluOperatorStar}{\\@danluOperator}',
  '\\@danluOperator': '\\def#1{\\operatorname{#2}}',
  '\\@danluOperatorStar': '\\def#1{\\operatorname*{#2}}',
};

/** A macro name as KaTeX keys it: `RR` and `\RR` both mean `\RR`. */
export function macroName(name: string): string {
  return name.startsWith('\\') ? name : `\\${name}`;
}

/**
 * Builds the table every formula is typeset with: the preamble's definitions, then the config's map (which wins
 * over a preamble definition of the same name). Throws {@link MacroDefinitionError} when KaTeX cannot read the
 * preamble, when the preamble holds anything but definitions, or when a macro name is not a control sequence.
 * Nothing here is cached: callers build the table once per processor.
 */
export function buildMacroTable(settings: KatexMacroSettings): MacroTable {
  const table: MacroTable = {};
  if (settings.preamble.trim()) {
    const scratch: MacroTable = { ...preambleHelpers };
    const options = { macros: scratch, globalGroup: true, throwOnError: true, strict: 'ignore' as const, maxExpand: 1000 };
    try {
      // `__parse` gives the parse tree without building output: definitions leave nothing in it.
      const tree = (katex as unknown as { __parse(tex: string, o: object): unknown[] }).__parse(settings.preamble, options);
      if (tree.length > 0) {
        throw new MacroDefinitionError(
          'the preamble typesets something: it may hold only definitions (\\newcommand, \\renewcommand, \\def, \\DeclareMathOperator), one formula’s worth of TeX that prints nothing',
          'preamble',
        );
      }
    } catch (error) {
      if (error instanceof MacroDefinitionError) throw error;
      throw fromKatexError(error, settings.preamble);
    }
    for (const [name, value] of Object.entries(scratch)) if (!(name in preambleHelpers)) table[name] = value;
  }
  for (const [raw, expansion] of Object.entries(settings.macros)) {
    const name = macroName(raw);
    if (!/^\\(?:[A-Za-z@]+|[^A-Za-z@\s])$/.test(name)) {
      throw new MacroDefinitionError(`\`${raw}\` is not a macro name: write a backslash and letters, such as \\RR`, 'macros');
    }
    table[name] = expansion;
  }
  return table;
}

/**
 * Typesets each macro once with placeholder arguments, as a formula using it would: a macro whose expansion names
 * an unknown command or does not parse is reported (name, KaTeX's reason), so the writer hears of it from the
 * config rather than from every note. Only definitions that cannot work in any formula are reported: one that
 * opens an environment or a group for the formula to close (`\def\be{\begin{aligned}}`) is left alone.
 */
export function checkMacros(table: MacroTable): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(table)) {
    const value = table[name];
    const args = typeof value === 'string' ? countArgs(value) : Number((value as { numArgs?: unknown }).numArgs) || 0;
    const tex = name + '{x}'.repeat(args);
    try {
      katex.renderToString(tex, { macros: { ...table }, throwOnError: true, strict: 'ignore', maxExpand: 1000 });
    } catch (error) {
      const reason = error instanceof katex.ParseError ? error.rawMessage : String(error);
      if (/Undefined control sequence|expected '\}'|Too many expansions/i.test(reason)) {
        problems.push(`${name}: ${reason}`);
      }
    }
  }
  return problems;
}

/** The argument count KaTeX infers for a string expansion: the highest `#n` in a row from 1. */
function countArgs(expansion: string): number {
  const stripped = expansion.replace(/##/g, '');
  let n = 0;
  while (stripped.includes(`#${n + 1}`)) n++;
  return n;
}

/** KaTeX's reason, with the preamble line it points at when it gives a position. */
function fromKatexError(error: unknown, preamble: string): MacroDefinitionError {
  if (!(error instanceof katex.ParseError)) return new MacroDefinitionError(String(error), 'preamble');
  // An unclosed brace fails at the end of input: name the last line with text, not the blank one after it.
  const at = typeof error.position === 'number' ? Math.min(error.position, preamble.trimEnd().length) : undefined;
  const line = at === undefined ? undefined : preamble.slice(0, at).split('\n').length;
  return new MacroDefinitionError(error.rawMessage, 'preamble', line);
}
