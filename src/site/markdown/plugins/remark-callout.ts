/**
 * Obsidian callouts: `> [!note] Title`, folded `> [!info]-` and open-foldable `> [!info]+`.
 *
 * Written by hand rather than using `@r4ai/remark-callout` (the maintained npm plugin, which we tried): its
 * default titles are English type names with no way to localise them per site, it builds the title and body
 * from new text nodes without positions, and it wraps the body in an mdast `blockquote`, which every later
 * plugin would take for a user's quote. We also need the exact same HTML for Hexo's `{% note %}` tag, so the
 * builder below is exported and shared with remarkHexoNoteTag.
 *
 * Output (semantic, styled by the theme through the classes):
 *   `<aside class="callout callout-info" role="note" data-callout="info"><p class="callout-title">Title</p>
 *    <div class="callout-content">…</div></aside>`
 *   folded: `<details class="callout callout-info" data-callout="info"><summary class="callout-title">…</summary>
 *    <div class="callout-content">…</div></details>` (`open` for `+`).
 */
import type { Blockquote, BlockContent, DefinitionContent, Paragraph, PhrasingContent, Root, Text } from 'mdast';
// hName/hProperties on mdast nodes (declared by mdast-util-to-hast, which remark-rehype brings).
import type {} from 'remark-rehype';
import type { Position } from 'unist';
import { visit } from '../walk.js';
import type { VFile } from 'vfile';
import { locateInText, pointAt } from './remark-wikilink.js';

/** The callout types the theme styles; every other name maps onto one of these. */
export type CalloutType =
  | 'note' | 'info' | 'tip' | 'warning' | 'danger' | 'example' | 'quote' | 'abstract' | 'todo' | 'success'
  | 'question' | 'failure' | 'bug';

/** Language of the default titles. */
export type CalloutLanguage = 'zh' | 'en';

/** Options of {@link remarkCallout}. */
export interface CalloutOptions {
  /** Language of default titles (`> [!tip]` with no title shows “Tip” or “提示”). Default `en`. */
  language?: CalloutLanguage | string;
}

const TITLES: Record<CalloutType, { en: string; zh: string }> = {
  note: { en: 'Note', zh: '注意' },
  info: { en: 'Info', zh: '信息' },
  tip: { en: 'Tip', zh: '提示' },
  warning: { en: 'Warning', zh: '警告' },
  danger: { en: 'Danger', zh: '危险' },
  example: { en: 'Example', zh: '示例' },
  quote: { en: 'Quote', zh: '引用' },
  abstract: { en: 'Abstract', zh: '摘要' },
  todo: { en: 'Todo', zh: '待办' },
  success: { en: 'Success', zh: '成功' },
  question: { en: 'Question', zh: '问题' },
  failure: { en: 'Failure', zh: '失败' },
  bug: { en: 'Bug', zh: '缺陷' },
};

// Obsidian's documented aliases, plus GitHub's alert names (`[!IMPORTANT]`, `[!CAUTION]`) which writers mix in.
const ALIASES: Record<string, CalloutType> = {
  summary: 'abstract', tldr: 'abstract',
  hint: 'tip', important: 'tip',
  check: 'success', done: 'success',
  help: 'question', faq: 'question',
  caution: 'warning', attention: 'warning',
  fail: 'failure', missing: 'failure',
  error: 'danger',
  cite: 'quote',
};

/** Map any written callout name (case-insensitive, aliases included) to a known type; unknown → `note`. */
export function calloutType(name: string): CalloutType {
  const key = name.toLowerCase();
  if (Object.hasOwn(TITLES, key)) return key as CalloutType;
  return ALIASES[key] ?? 'note';
}

/**
 * The title shown when none is written: the localised type name for known types and aliases; an unknown
 * (custom) type shows its own name, as Obsidian does.
 */
export function defaultCalloutTitle(name: string, language: CalloutOptions['language'] = 'en'): string {
  const key = name.toLowerCase();
  const known = Object.hasOwn(TITLES, key) || Object.hasOwn(ALIASES, key);
  if (!known) return name.charAt(0).toUpperCase() + name.slice(1);
  return TITLES[calloutType(key)][String(language).toLowerCase().startsWith('zh') ? 'zh' : 'en'];
}

/** Everything needed to render one callout. */
export interface CalloutSpec {
  /** The type as written (`info`, `faq`, `定义`…); mapped with {@link calloutType}. */
  name: string;
  /** `undefined`: not foldable (`<aside>`); `'open'`/`'closed'`: `<details>`, open or not. */
  fold?: 'open' | 'closed' | undefined;
  /** Title content; empty or missing → {@link defaultCalloutTitle}. */
  title?: PhrasingContent[] | undefined;
  /** Where the title was written, for its paragraph's position. */
  titlePosition?: Position | undefined;
  /** Block content of the callout. */
  body: Array<BlockContent | DefinitionContent>;
  /** Extra classes (Hexo's `no-icon`). */
  classes?: string[];
  /** No title row at all (Hexo's `{% note %}` has none unless it has a summary). */
  untitled?: boolean;
}

/**
 * Turn `node` (a blockquote, or a fresh one made for a Hexo tag) into a callout in place: it keeps its type
 * and position for other plugins, and gets the HTML names and classes described in the module comment.
 */
export function buildCallout(node: Blockquote, spec: CalloutSpec, language: CalloutOptions['language']): void {
  const type = calloutType(spec.name);
  const className = ['callout', `callout-${type}`, ...(spec.classes ?? [])];
  node.data = {
    ...node.data,
    hName: spec.fold ? 'details' : 'aside',
    hProperties: spec.fold
      ? { className, dataCallout: type, ...(spec.fold === 'open' ? { open: true } : {}) }
      : { className, role: 'note', dataCallout: type },
  };
  const titleChildren: PhrasingContent[] =
    spec.title && spec.title.length > 0 ? spec.title : [{ type: 'text', value: defaultCalloutTitle(spec.name, language) }];
  const title: Paragraph = {
    type: 'paragraph',
    children: titleChildren,
    data: { hName: spec.fold ? 'summary' : 'p', hProperties: { className: ['callout-title'] } },
  };
  if (spec.titlePosition) title.position = spec.titlePosition;
  node.children = spec.untitled && !spec.fold ? [] : [title];
  if (spec.body.length > 0) {
    // A blockquote is the one mdast container of block content; hName makes it a plain div, and remarkCallout
    // skips blockquotes that already carry an hName.
    const content: Blockquote = {
      type: 'blockquote',
      children: spec.body,
      data: { hName: 'div', hProperties: { className: ['callout-content'] } },
    };
    const first = spec.body[0]?.position;
    const last = spec.body[spec.body.length - 1]?.position;
    if (first && last) content.position = { start: first.start, end: last.end };
    node.children.push(content);
  }
}

// `[!type]` then optional fold sign, at the very start of the blockquote's first line.
const HEAD = /^\[!([^\]\s]+)\]([+-]?)[ \t]*/;

/**
 * Split the first paragraph of a callout into its title (the rest of the first line) and the body text that
 * follows on the next lines.
 */
function splitHead(source: string, paragraph: Paragraph, head: Text, markerLength: number) {
  const title: PhrasingContent[] = [];
  const body: PhrasingContent[] = [];
  let inTitle = true;
  const rest = head.value.slice(markerLength);
  const pieces: PhrasingContent[] = [];
  if (rest) {
    const piece: Text = { type: 'text', value: rest };
    const at = locateInText(source, head, markerLength, rest);
    if (at && at !== head.position) piece.position = at;
    pieces.push(piece);
  }
  pieces.push(...paragraph.children.slice(1));
  for (const node of pieces) {
    if (!inTitle) {
      body.push(node);
    } else if (node.type === 'break') {
      inTitle = false;
    } else if (node.type === 'text' && node.value.includes('\n')) {
      const cut = node.value.indexOf('\n');
      const before = node.value.slice(0, cut).trimEnd();
      const after = node.value.slice(cut + 1);
      if (before) title.push({ type: 'text', value: before, ...positionOf(source, node, 0, before) });
      if (after) body.push({ type: 'text', value: after, ...positionOf(source, node, cut + 1, after) });
      inTitle = false;
    } else {
      title.push(node);
    }
  }
  const lastTitle = title[title.length - 1];
  if (lastTitle?.type === 'text') lastTitle.value = lastTitle.value.trimEnd();
  if (lastTitle?.type === 'text' && lastTitle.value === '') title.pop();
  return { title, body };
}

function positionOf(source: string, node: Text, index: number, value: string): { position?: Position } {
  const at = locateInText(source, node, index, value);
  return at && at !== node.position ? { position: at } : {};
}

/**
 * Unified plugin: render Obsidian callouts (`> [!type][+|-] Title`) as `<aside>` or `<details>` callouts.
 * Types are case-insensitive; aliases map as in Obsidian; unknown types render as `note` with their own name
 * as the default title.
 */
export function remarkCallout(options: CalloutOptions = {}) {
  const language = options.language ?? 'en';
  return (tree: Root, file: VFile): void => {
    const source = String(file.value ?? '');
    if (source && !source.includes('[!')) return; // cheap exit for the many notes without callouts
    visit(tree, 'blockquote', (node) => {
      if (node.data?.hName) return; // already a callout (or a callout's content box)
      const paragraph = node.children[0];
      if (paragraph?.type !== 'paragraph') return;
      const head = paragraph.children[0];
      if (head?.type !== 'text') return;
      const match = HEAD.exec(head.value);
      if (!match || match[1] === undefined) return;
      const { title, body } = splitHead(source, paragraph, head, match[0].length);
      const blocks: Array<BlockContent | DefinitionContent> = [];
      if (body.length > 0) {
        const first: Paragraph = { type: 'paragraph', children: body };
        const start = body[0]?.position?.start;
        if (start && paragraph.position) first.position = { start, end: paragraph.position.end };
        blocks.push(first);
      }
      blocks.push(...node.children.slice(1));
      let titlePosition: Position | undefined;
      const headStart = head.position?.start;
      if (headStart && headStart.offset !== undefined) {
        const lineEnd = source.indexOf('\n', headStart.offset);
        const endOffset = lineEnd === -1 ? source.length : lineEnd;
        titlePosition = { start: headStart, end: pointAt(source, headStart, endOffset) };
      }
      buildCallout(
        node,
        {
          name: match[1],
          fold: match[2] === '-' ? 'closed' : match[2] === '+' ? 'open' : undefined,
          title,
          titlePosition,
          body: blocks,
        },
        language,
      );
    });
  };
}
