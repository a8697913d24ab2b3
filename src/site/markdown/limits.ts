/**
 * What one note may cost to render, checked on its text before the parser sees it, so a hostile or careless note
 * is refused with a message at its place instead of crashing the build or taking minutes.
 *
 * Why a pre-scan: the parser (micromark) takes time quadratic in nesting depth (a list 4,000 levels deep, 8 KB,
 * took 2.3 s to tokenize alone), and the tree's consumers (mdast-util-to-hast, hast-util-raw's parse5 bridge,
 * hast-util-to-html, unist-util-visit) recurse once per level, so ~2,000 levels overflowed the main thread's stack
 * while a worker's larger stack survived: the same note built cold on workers and crashed a rebuild on the main
 * thread. Checking the text first, with fixed limits, makes the outcome the same on every thread and every run.
 *
 * What is counted, in one linear pass that skips fenced code blocks:
 * - lists: list markers (`-`, `*`, `+`, `1.`, `1)`) opening a line after its blockquote markers, plus half the
 *   indentation before the first one (each nesting level indents its items by at least two columns);
 * - blockquotes: `>` markers opening a line;
 * - emphasis: delimiter runs of `*`, `_`, `~`, `=` (strong, strikethrough, highlight) still open in a paragraph,
 *   a run opening when it is followed by a non-space and closing when it follows one;
 * - links and images: `[` still open in a paragraph (escaped `\[` does not count);
 * - HTML elements: start tags still open (void elements, comments and tags closed by a later end tag do not
 *   count; `<p>` and `<li>` close an open one as HTML does; phrasing elements left open close at a blank line);
 * - Hexo's `{% note %}` and `{% blockquote %}` tags still open (each is a callout or quote inside the one around
 *   it; remark-hexo-note-tag.ts); tags between `{% codeblock %}`/`{% code %}`/`{% raw %}` and their end are text.
 * These are upper bounds of what the parser builds for ordinary notes; nothing in a real note comes near them.
 *
 * The same pass counts the emphasis, strikethrough and highlight markers (`*`, `_`, `~`, `==` runs that may open
 * or close) of each paragraph, list item, heading and table row: micromark's resolvers for them look back through
 * the whole paragraph for an opener from every closer, and splice the paragraph's events at every match, so their
 * time is quadratic in the number of markers (20,000 `a*` took 7 s, 20,000 `a** b*` 32 s). Past
 * {@link DELIMITER_RUN_LIMIT} in one paragraph the note is refused.
 */

/** Deepest nesting of each construct a note may have. */
export const NESTING_LIMIT = 100;

/** Most emphasis, strikethrough and highlight markers one paragraph may have (see the file comment). */
export const DELIMITER_RUN_LIMIT = 1_000;

/** Longest note rendered, in UTF-16 code units (~1 MB of ASCII, ~3 MB of Chinese in UTF-8). */
export const NOTE_LENGTH_LIMIT = 1_000_000;

/** A refusal: what is too deep or too big, and where it starts to be. */
export interface LimitProblem {
  /** 1-based line and column in the note. */
  line: number;
  column: number;
  rule: 'nesting-too-deep' | 'note-too-large' | 'too-many-markers';
  reason: string;
}

type Kind = 'lists' | 'blockquotes' | 'emphasis' | 'links and images' | 'HTML elements' | '{% note %} and {% blockquote %} tags';

/** A Hexo block tag at the start of the text: `{% note info %}`, `{%- endnote -%}` (as remark-hexo-note-tag.ts reads them). */
const HEXO_TAG = /^\{%-?\s*(end)?(note|blockquote|codeblock|code|raw)\b(?:[^%]|%(?!\}))*?-?%\}/;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'pre']);
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'big', 'tt', 'nobr', 'label']);
/** Elements whose start tag closes an open one of the same name (HTML's implied end tags). */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th']);

/** Checks `body` against the limits; `undefined` when it may be rendered. */
export function checkNoteLimits(body: string): LimitProblem | undefined {
  if (body.length > NOTE_LENGTH_LIMIT) {
    const mb = (Buffer.byteLength(body) / 1e6).toFixed(1);
    return {
      line: 1,
      column: 1,
      rule: 'note-too-large',
      reason: `this note is ${mb} MB (${body.length.toLocaleString('en')} characters); the limit is ${NOTE_LENGTH_LIMIT.toLocaleString('en')} characters per note: split it into several notes`,
    };
  }
  return scanNesting(body);
}

/** The deepest place seen of one kind, and where it first went past the limit. */
interface Deepest {
  depth: number;
  over?: { line: number; column: number } | undefined;
}

/** The pre-scan described in the file comment. */
export function scanNesting(body: string): LimitProblem | undefined {
  const deepest = new Map<Kind, Deepest>();
  const note = (kind: Kind, depth: number, line: number, column: number): void => {
    const d = deepest.get(kind) ?? { depth: 0 };
    if (depth > d.depth) d.depth = depth;
    if (depth > NESTING_LIMIT && !d.over) d.over = { line, column };
    deepest.set(kind, d);
  };
  let fence: { char: string; length: number } | undefined;
  let mathBlock = false;
  let emphasis = 0;
  let brackets = 0;
  const html: string[] = [];
  let rawText: string | undefined;
  let hexoTags = 0;
  /** Markers in the current paragraph (list item, heading, table row), and where the first one too many was. */
  let runs = 0;
  let tooManyRuns: { line: number; column: number } | undefined;
  let inTable = false;
  /** Inside `{% codeblock %}`, `{% code %}` or `{% raw %}`: the name of the tag that ends it. */
  let hexoRaw: string | undefined;
  let lineNo = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    lineNo++;
    const line = body.slice(start, end);
    start = end + 1;
    // Block containers at the start of the line (inside code or display math they are text: not counted).
    const counting = !fence && !mathBlock;
    let i = 0;
    let quotes = 0;
    let lists = 0;
    let indent = 0;
    for (;;) {
      const c = line[i];
      if (c === ' ' || c === '\t') {
        if (quotes === 0 && lists === 0) indent += c === '\t' ? 4 : 1;
        i++;
      } else if (c === '>') {
        quotes++;
        if (counting) note('blockquotes', quotes, lineNo, i + 1);
        i++;
      } else if ((c === '-' || c === '*' || c === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t') && !isBreak(line, i)) {
        lists++;
        if (counting) note('lists', lists + Math.floor(indent / 2), lineNo, i + 1);
        i += 2;
      } else {
        const m = /^\d{1,9}[.)](?=[ \t])/.exec(line.slice(i, i + 11));
        if (!m) break;
        lists++;
        if (counting) note('lists', lists + Math.floor(indent / 2), lineNo, i + 1);
        i += m[0].length + 1;
      }
    }
    let first = i;
    while (line[first] === ' ' || line[first] === '\t') first++;
    const lead = line[first];
    const fenceMark = lead === '`' || lead === '~' ? /^(`{3,}|~{3,})/.exec(line.slice(first)) : null;
    const trimmed = lead === '$' || mathBlock ? line.slice(first).trimEnd() : '';
    if (mathBlock) {
      if (trimmed.endsWith('$$')) mathBlock = false;
      continue;
    }
    if (!fence && trimmed.startsWith('$$') && (trimmed.length < 4 || !trimmed.endsWith('$$'))) {
      mathBlock = true;
      continue;
    }
    if (fence) {
      if (fenceMark && fenceMark[1]![0] === fence.char && fenceMark[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = { char: fenceMark[1]![0]!, length: fenceMark[1]!.length };
      continue;
    }
    if (first >= line.length || line.slice(first).trim() === '') {
      // A paragraph ends: its inline constructs cannot go on, nor phrasing HTML left open.
      runs = 0;
      inTable = false;
      emphasis = 0;
      brackets = 0;
      while (html.length && PHRASING.has(html[html.length - 1]!)) html.pop();
      continue;
    }
    // A list item, a heading and a table row are inline content of their own (the parser resolves each apart).
    if (lists > 0 || inTable || lead === '#') runs = 0;
    if (!inTable && line.includes('|') && DELIMITER_ROW.test(line.slice(first))) inTable = true;
    const heading = lead === '#' && /^#{1,6}(?:[ \t]|$)/.test(line.slice(first));
    // Inline constructs and HTML tags in the rest of the line.
    for (let k = i; k < line.length; k++) {
      const c = line[k]!;
      // Most characters are none of the ones below: one lookup decides.
      if (!SPECIAL.has(c) && !rawText && !hexoRaw) continue;
      if (rawText) {
        if (c === '<' && line.slice(k + 2, k + 2 + rawText.length).toLowerCase() === rawText && line[k + 1] === '/') {
          rawText = undefined;
          html.pop();
        }
        continue;
      }
      if (c === '{' && line[k + 1] === '%') {
        const tag = HEXO_TAG.exec(line.slice(k, k + 512));
        if (!tag) continue;
        const [whole, end, name = ''] = tag;
        if (hexoRaw) {
          if (end && name === hexoRaw) hexoRaw = undefined;
        } else if (name === 'note' || name === 'blockquote') {
          if (end) hexoTags = Math.max(0, hexoTags - 1);
          else note('{% note %} and {% blockquote %} tags', ++hexoTags, lineNo, k + 1);
        } else if (!end) hexoRaw = name;
        k += whole.length - 1;
        continue;
      }
      if (hexoRaw) continue;
      if (c === '\\') {
        // `\(…\)` and `\[…\]` are TeX too; any other backslash escapes one character.
        const closer = line[k + 1] === '(' ? '\\)' : line[k + 1] === '[' ? '\\]' : undefined;
        const close = closer ? line.indexOf(closer, k + 2) : -1;
        k = close >= 0 ? close + 1 : k + 1;
        continue;
      }
      if (c === '$') {
        // Inline math (`$…$`, `$$…$$`) is TeX, not markdown: skip to its end on this line.
        const close = line.indexOf('$', k + 1 + (line[k + 1] === '$' ? 1 : 0));
        if (close >= 0) k = close + (line[close + 1] === '$' ? 1 : 0);
        continue;
      }
      if (c === '`') {
        // A code span: skip to the closing run of the same length on this line, if any.
        let n = 1;
        while (line[k + n] === '`') n++;
        const close = line.indexOf('`'.repeat(n), k + n);
        if (close >= 0) k = close + n - 1;
        else k += n - 1;
        continue;
      }
      if (c === '[') {
        brackets++;
        note('links and images', brackets, lineNo, k + 1);
      } else if (c === ']') {
        if (brackets > 0) brackets--;
      } else if (c === '*' || c === '_' || c === '~' || c === '=') {
        let n = 1;
        while (line[k + n] === c) n++;
        const before = k > 0 ? line[k - 1]! : ' ';
        const after = k + n < line.length ? line[k + n]! : ' ';
        let opens = !isSpace(after);
        let closes = !isSpace(before);
        // A run micromark makes a marker sequence of: `~` and `~~` (GFM takes single tildes too), `==`, any `*`,
        // `_` unless inside a word.
        const marker = (opens || closes) && (c === '*' || (c === '_' && !(opens && closes)) || (c === '~' && n <= 2) || (c === '=' && n === 2));
        if (marker && ++runs > DELIMITER_RUN_LIMIT && !tooManyRuns) tooManyRuns = { line: lineNo, column: k + 1 };
        // `_` inside a word (snake_case) neither opens nor closes; `~` and `=` need two (`~~`, `==`).
        if (c === '_' && opens && closes) opens = closes = false;
        if ((c === '~' || c === '=') && n === 1) opens = closes = false;
        let left = n;
        if (closes && emphasis > 0) {
          const used = Math.min(emphasis, left);
          emphasis -= used;
          left -= used;
        }
        if (opens && left > 0) {
          emphasis += left;
          note('emphasis', emphasis, lineNo, k + 1);
        }
        k += n - 1;
      } else if (c === '<') {
        const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(\/?)>/.exec(line.slice(k, k + 512));
        if (line.startsWith('<!--', k)) {
          const close = line.indexOf('-->', k + 4);
          if (close >= 0) k = close + 2;
          continue;
        }
        if (!tag) continue;
        const name = tag[2]!.toLowerCase();
        if (tag[1]) {
          const at = html.lastIndexOf(name);
          if (at >= 0) html.length = at;
        } else if (!VOID.has(name)) {
          if (SELF_CLOSING_SIBLINGS.has(name)) {
            const at = html.lastIndexOf(name);
            if (at >= 0 && html.slice(at + 1).every((t) => PHRASING.has(t))) html.length = at;
          }
          html.push(name);
          note('HTML elements', html.length, lineNo, k + 1);
          if (RAW_TEXT.has(name)) rawText = name;
        }
        k += tag[0].length - 1;
      }
    }
    if (heading) runs = 0;
  }
  for (const [kind, d] of deepest) {
    if (!d.over) continue;
    return {
      line: d.over.line,
      column: d.over.column,
      rule: 'nesting-too-deep',
      reason: `${kind} nested ${d.depth} deep; the limit is ${NESTING_LIMIT}: flatten the structure (pages this deep cannot be read, and rendering them would exhaust the stack)`,
    };
  }
  if (tooManyRuns) {
    return {
      ...tooManyRuns,
      rule: 'too-many-markers',
      reason: `this paragraph has more than ${DELIMITER_RUN_LIMIT.toLocaleString('en')} emphasis, strikethrough or highlight markers (\`*\`, \`_\`, \`~\`, \`==\`); the limit is ${DELIMITER_RUN_LIMIT.toLocaleString('en')} per paragraph, since rendering takes time quadratic in their number: split the paragraph with blank lines, put the text in a code block, or escape the markers (\`\\*\`)`,
    };
  }
  return undefined;
}

/** A table's delimiter row (`| --- | :-: |`): the lines after it are rows, each its own inline content. */
const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\|\s*:?-+:?\s*\|?\s*$/;

/** The characters the inline part of the scan acts on. */
const SPECIAL = new Set(['\\', '$', '`', '[', ']', '*', '_', '~', '=', '<', '{']);

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000' || /\s/.test(c);
}

/** Whether the line from `i` is a thematic break (`- - -`, `* * *`), which is not a list. */
function isBreak(line: string, i: number): boolean {
  const c = line[i];
  let n = 0;
  for (let k = i; k < line.length; k++) {
    const x = line[k];
    if (x === c) n++;
    else if (x !== ' ' && x !== '\t') return false;
  }
  return n >= 3;
}
