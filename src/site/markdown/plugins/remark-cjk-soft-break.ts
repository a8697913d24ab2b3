/**
 * With `breaks: false`, a single newline inside a paragraph is CommonMark's soft break, which a browser shows as a
 * space. Chinese and Japanese put no spaces between words, so a paragraph wrapped in the editor (`第一行⏎第二行`)
 * would show a stray space in the middle of a sentence. This drops the newline when the characters on both sides
 * are CJK, as CSS Text's segment-break rule does for East Asian wide characters (Hangul excluded: Korean is
 * written with spaces). A newline between Latin words, or between Latin and CJK, stays a space.
 *
 * Runs on mdast text nodes, so code, inline code and math (which are not text) are never touched. A newline at
 * the edge of a text node next to `**粗体**` or a link is judged by the neighbour's first or last character.
 */
import type { Nodes, Parents, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from '../walk.js';

// Han (with its punctuation), kana, Bopomofo, CJK symbols and full-width forms: the characters that sit next to
// each other with no space between them.
const CJK_CLASS = '[\\p{Script_Extensions=Han}\\p{Script_Extensions=Hiragana}\\p{Script_Extensions=Katakana}\\p{Script=Bopomofo}\\u3000-\\u303f\\uff00-\\uffef]';
const CJK = new RegExp(CJK_CLASS, 'u');
const CJK_NEWLINE_CJK = new RegExp(`(?<=${CJK_CLASS})[ \\t]*\\n[ \\t]*(?=${CJK_CLASS})`, 'gu');

const isCjk = (ch: string | undefined): boolean => ch !== undefined && CJK.test(ch);
const lastChar = (s: string): string | undefined => Array.from(s).at(-1);
const firstChar = (s: string): string | undefined => Array.from(s.slice(0, 2))[0];

/** Unified plugin: remove soft breaks between two CJK characters; see the file comment. */
export function remarkCjkSoftBreak() {
  return (tree: Root): void => {
    visit(tree, 'text', (node: Text, index: number | undefined, parent: Parents | undefined) => {
      if (!node.value.includes('\n')) return;
      let value = node.value.replace(CJK_NEWLINE_CJK, '');
      const siblings = parent?.children as Nodes[] | undefined;
      if (siblings && index !== undefined) {
        // `中文⏎**粗体**`: the newline ends this text node, the character after it starts the next node.
        const next = siblings[index + 1];
        const trailing = /[ \t]*\n[ \t]*$/.exec(value);
        if (trailing && next && isCjk(lastChar(value.slice(0, trailing.index))) && isCjk(firstChar(toString(next)))) {
          value = value.slice(0, trailing.index);
        }
        const prev = siblings[index - 1];
        const leading = /^[ \t]*\n[ \t]*/.exec(value);
        if (leading && prev && isCjk(lastChar(toString(prev))) && isCjk(firstChar(value.slice(leading[0].length)))) {
          value = value.slice(leading[0].length);
        }
      }
      node.value = value;
    });
  };
}
