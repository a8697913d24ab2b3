/**
 * The Atom feed declares what it holds: titles, summaries and tag names are text (`type="text"`), the body is HTML
 * (`type="html"`), and the XML parses whatever the front matter says. Checked by parsing it with saxes, a strict
 * XML 1.0 parser (already in node_modules through jsdom), not by looking at strings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SaxesParser } from 'saxes';
import { renderAtomFeed } from '../../../src/site/render/feed.js';
import type { SiteInfo } from '../../../src/site/render/context.js';
import { raw } from '../../../src/site/render/html.js';
import { post, siteInfo } from '../../themes/default/fixtures.js';

interface El {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: El[];
}

/** Parses XML strictly into a small tree; throws on any well-formedness error. */
function parseXml(xml: string): El {
  const parser = new SaxesParser({ xmlns: false });
  const root: El = { name: '#document', attrs: {}, text: '', children: [] };
  const stack: El[] = [root];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    const el: El = { name: t.name, attrs: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])), text: '', children: [] };
    stack[stack.length - 1]?.children.push(el);
    stack.push(el);
  });
  parser.on('text', (s) => {
    const top = stack[stack.length - 1];
    if (top) top.text += s;
  });
  parser.on('cdata', (s) => {
    const top = stack[stack.length - 1];
    if (top) top.text += s;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  const feed = root.children[0];
  assert.ok(feed, 'a root element');
  return feed;
}

const child = (el: El | undefined, name: string): El | undefined => el?.children.find((c) => c.name === name);

const hostileTitle = 'A <script>alert(1)</script> & ]]> "q" \u0001\u0007\u001b\uFFFE \uD800 end';
const hostileTag = 'a<b & "c" \u0000\n';

function hostileFeed(): string {
  const site: SiteInfo = { ...siteInfo('en'), title: 'Site <b> & \u0002', author: 'A & <B>', description: 'D ]]> <x>' };
  return renderAtomFeed(
    site,
    [
      post('en', {
        title: hostileTitle,
        description: 'summary <i>not markup</i> & \u0003',
        html: raw('<p>body <em>is</em> markup ]]> &amp; \u0004 <a href="/notes/x/">x</a></p>'),
        tags: [{ name: hostileTag, url: '/notes/tags/x/', count: 1 }],
      }),
    ],
    new Date('2024-01-01T00:00:00Z'),
    20,
  );
}

test('a feed with <, &, ]]>, quotes, control characters and lone surrogates in every field is valid XML', () => {
  const xml = hostileFeed();
  const feed = parseXml(xml);
  assert.equal(feed.name, 'feed');
  assert.equal(feed.attrs.xmlns, 'http://www.w3.org/2005/Atom');
  assert.equal(child(feed, 'title')?.text, 'Site <b> & ', 'site title is text, control characters dropped');
  assert.equal(child(child(feed, 'author'), 'name')?.text, 'A & <B>');
});

test('titles, summaries and tags are declared text and hold the text as written; the body is declared html', () => {
  const entry = child(parseXml(hostileFeed()), 'entry');
  const title = child(entry, 'title');
  assert.equal(title?.attrs.type, 'text', 'a title is never declared html');
  assert.equal(title?.text, 'A <script>alert(1)</script> & ]]> "q"   end', 'the reader shows the title exactly, as text');
  const summary = child(entry, 'summary');
  assert.equal(summary?.attrs.type, 'text');
  assert.equal(summary?.text, 'summary <i>not markup</i> & ');
  const content = child(entry, 'content');
  assert.equal(content?.attrs.type, 'html');
  assert.equal(content?.text, '<p>body <em>is</em> markup ]]> &amp;  <a href="https://example.org/notes/x/">x</a></p>', 'HTML carried as HTML, links made absolute');
  const category = child(entry, 'category');
  assert.equal(category?.attrs.term, 'a<b & "c" \n', 'attribute keeps the tag name, newline included, NUL dropped');
  assert.equal(category?.attrs.label, 'a<b & "c" \n');
});

test('no element anywhere in the feed claims html except the content', () => {
  const types: string[] = [];
  const walk = (el: El): void => {
    if (el.attrs.type === 'html') types.push(el.name);
    el.children.forEach(walk);
  };
  walk(parseXml(hostileFeed()));
  assert.deepEqual(types, ['content']);
});

test('the same posts give the same bytes (no clock in the feed)', () => {
  assert.equal(hostileFeed(), hostileFeed());
});
