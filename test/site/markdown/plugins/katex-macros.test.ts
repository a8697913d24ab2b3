/**
 * The site's KaTeX macros (config map and preamble) and mhchem, through the full processor as the build runs it:
 * what the reader gets is MathML typeset from the expansion, never an error box.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMacroTable, checkMacros, MacroDefinitionError } from '../../../../src/site/markdown/plugins/katex-macros.js';
import { renderKey } from '../../../../src/site/build/render-cache.js';
import { renderNote } from '../../../helpers/render-note.js';

const macros = (m: Record<string, string>, preamble = '') => ({ katex: { macros: m, preamble } });

/** The MathML of each formula (what screen readers and feed readers read), without its annotation. */
function mathml(html: string): string[] {
  return [...html.matchAll(/<math[\s\S]*?<\/math>/g)].map((m) => m[0].replace(/<annotation[\s\S]*?<\/annotation>/, ''));
}

test('a macro from the config expands in every formula', async () => {
  const note = await renderNote('实数 $\\RR^n$ 与 $$\\RR$$', 'a.md', 'zh-CN', macros({ '\\RR': '\\mathbb{R}' }));
  assert.doesNotMatch(note.html, /math-error/);
  const forms = mathml(note.html);
  assert.equal(forms.length, 2);
  for (const f of forms) assert.match(f, /<mi mathvariant="double-struck">R<\/mi>/, 'ℝ typeset from the expansion');
  assert.deepEqual(note.messages, []);
});

test('a config macro may be written without its backslash and take arguments', async () => {
  const note = await renderNote('$\\pd{L}{w}$', 'a.md', 'en', macros({ pd: '\\frac{\\partial #1}{\\partial #2}' }));
  assert.doesNotMatch(note.html, /math-error/);
  assert.match(mathml(note.html)[0] ?? '', /<mfrac><mrow><mi mathvariant="normal">∂<\/mi><mi>L<\/mi><\/mrow><mrow><mi mathvariant="normal">∂<\/mi><mi>w<\/mi><\/mrow><\/mfrac>/);
});

test('without the macro the same TeX is an error box: the macro is what makes it typeset', async () => {
  const note = await renderNote('$\\RR^n$', 'a.md', 'en');
  assert.match(note.html, /class="math-error"/);
  assert.ok(note.messages.some((m) => m.rule === 'katex-parse'));
});

test('a preamble\'s \\newcommand (with arguments), \\def and \\DeclareMathOperator work in formulas', async () => {
  const preamble = [
    '% definitions shared by all notes',
    '\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}',
    '\\def\\vect#1{\\mathbf{#1}}',
    '\\DeclareMathOperator*{\\amin}{arg\\,min}',
    '\\DeclareMathOperator{\\softmax}{softmax}',
  ].join('\n');
  const note = await renderNote('$$\\amin_{\\vect{w}} \\norm{\\vect{w}} + \\softmax(z)$$', 'a.md', 'en', macros({}, preamble));
  assert.doesNotMatch(note.html, /math-error/);
  const [f] = mathml(note.html);
  assert.match(f ?? '', /<munder><mrow><mi mathvariant="normal">arg.min<\/mi>/u, '\\amin with limits below (starred)');
  assert.match(f ?? '', /<mi mathvariant="bold">w<\/mi>/, '\\vect');
  assert.match(f ?? '', /∥/, '\\norm');
  assert.match(f ?? '', /<mi>softmax<\/mi>|<mi mathvariant="normal">softmax<\/mi>/);
  assert.deepEqual(note.messages, []);
});

test('a config macro wins over a preamble definition of the same name', async () => {
  const note = await renderNote('$\\E$', 'a.md', 'en', macros({ '\\E': '\\mathbb{E}' }, '\\newcommand{\\E}{\\mathrm{E}}'));
  assert.match(mathml(note.html)[0] ?? '', /<mi mathvariant="double-struck">E<\/mi>/);
});

test('\\ce and \\pu (mhchem) typeset chemistry with no config at all', async () => {
  const note = await renderNote('水 $\\ce{H2O}$，反应 $\\ce{2H2 + O2 -> 2H2O}$，$\\pu{123 kJ/mol}$', 'a.md', 'zh-CN');
  assert.doesNotMatch(note.html, /math-error/);
  const [water, reaction, unit] = mathml(note.html);
  assert.match(water ?? '', /<mi mathvariant="normal">H<\/mi>[\s\S]*<mn>2<\/mn>[\s\S]*<mi mathvariant="normal">O<\/mi>/, 'H, subscript 2, O');
  assert.match(reaction ?? '', /→/, 'the reaction arrow');
  assert.match(unit ?? '', /kJ|k<\/mi>/);
  assert.deepEqual(note.messages, []);
});

test('a \\gdef in one formula does not reach the next (renders are cached; order must not matter)', async () => {
  const note = await renderNote('$\\gdef\\leak{x} \\leak$ and $\\leak$', 'a.md', 'en', macros({ '\\RR': '\\mathbb{R}' }));
  assert.equal((note.html.match(/class="math-error"/g) ?? []).length, 1, 'the second formula does not see \\leak');
});

test('the same TeX typeset under two macro sets in one process gives each its own result', async () => {
  const a = await renderNote('$\\V$', 'a.md', 'en', macros({ '\\V': '\\mathbb{V}' }));
  const b = await renderNote('$\\V$', 'a.md', 'en', macros({ '\\V': '\\mathcal{V}' }));
  assert.match(mathml(a.html)[0] ?? '', /double-struck/);
  assert.match(mathml(b.html)[0] ?? '', /script|mathcal|𝒱/);
});

test('a changed macro or preamble changes the render-cache key, so cached notes render again', () => {
  const base = { language: 'en' as const, breaks: true, externalLink: undefined };
  const k1 = renderKey('hash', 'a.md', 'links', { ...base, katex: { macros: { '\\RR': '\\mathbb{R}' }, preamble: '' } });
  const k2 = renderKey('hash', 'a.md', 'links', { ...base, katex: { macros: { '\\RR': '\\mathbf{R}' }, preamble: '' } });
  const k3 = renderKey('hash', 'a.md', 'links', { ...base, katex: { macros: { '\\RR': '\\mathbb{R}' }, preamble: '\\def\\a{b}' } });
  assert.notEqual(k1, k2);
  assert.notEqual(k1, k3);
  assert.equal(k1, renderKey('hash', 'a.md', 'links', { ...base, katex: { macros: { '\\RR': '\\mathbb{R}' }, preamble: '' } }));
});

test('a preamble KaTeX cannot read, or that typesets something, is refused with the line', () => {
  assert.throws(
    () => buildMacroTable({ macros: {}, preamble: '\\newcommand{\\a}{a}\n\\usepackage{amsmath}\n' }),
    (e: unknown) => e instanceof MacroDefinitionError && e.where === 'preamble' && e.line === 2 && /\\usepackage/.test(e.message),
  );
  assert.throws(() => buildMacroTable({ macros: {}, preamble: '\\newcommand{\\a}{a}\nx^2' }), /only definitions/);
  assert.throws(() => buildMacroTable({ macros: { 'R R': '\\mathbb{R}' }, preamble: '' }), /not a macro name/);
});

test('a macro whose expansion names an unknown command is reported by name; a fragment for the formula to close is not', () => {
  const table = buildMacroTable({ macros: { '\\bad': '\\mathbbb{R}', '\\be': '\\begin{aligned}', '\\RR': '\\mathbb{R}' }, preamble: '' });
  const problems = checkMacros(table);
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /^\\bad: Undefined control sequence: \\mathbbb/);
});
