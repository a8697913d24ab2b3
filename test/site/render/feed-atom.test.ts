/**
 * The feed as a feed reader and a validator see it: valid Atom by RFC 4287's rules (atom-check.ts), an author
 * even on a site without one, and note bodies made for a reader without the site's CSS: each formula once (its
 * MathML, TeX as the annotation), no `#` after every heading. Bodies come from the real markdown pipeline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SiteInfo } from '../../../src/site/render/context.js';
import { feedHtml, renderAtomFeed } from '../../../src/site/render/feed.js';
import { raw } from '../../../src/site/render/html.js';
import { renderNote } from '../../helpers/render-note.js';
import { post, siteInfo, summary } from '../../themes/default/fixtures.js';
import { atomProblems, childrenNamed, parseXml } from './atom-check.js';

const NOTE = [
  '# Backpropagation',
  '',
  'The loss $L = \\frac{1}{2}(y - t)^2$ falls as $w$ moves.[^1]',
  '',
  '## The chain rule',
  '',
  '$$',
  '\\sum_{i=1}^{n} \\frac{\\partial L}{\\partial w_i}',
  '$$',
  '',
  '### Water',
  '',
  '$\\ce{H2O}$',
  '',
  '[^1]: As in any textbook.',
  '',
].join('\n');

async function feedOf(site: SiteInfo): Promise<string> {
  const note = await renderNote(NOTE, 'backprop.md', 'en');
  const other = await renderNote('Plain text, no math.\n', 'plain.md', 'en');
  return renderAtomFeed(
    site,
    [
      post('en', { ...summary('en', 1), description: 'Backprop', html: raw(note.html), toc: note.toc, prev: undefined, next: undefined, hasMath: true }),
      post('en', { ...summary('en', 2), description: '', html: raw(other.html), toc: [], prev: undefined, next: undefined, hasMath: false }),
    ],
    new Date('2024-01-12T11:50:22Z'),
    20,
  );
}

/** The HTML of the first entry's content, as a reader gets it (XML unescaped). */
const firstContent = (xml: string): string => childrenNamed(childrenNamed(parseXml(xml), 'entry')[0], 'content')[0]?.text ?? '';

test('the feed meets RFC 4287: feed and entry id/title/updated, an author, dates, links with rel', async () => {
  const xml = await feedOf(siteInfo('en'));
  assert.deepEqual(atomProblems(xml), []);
  const entry = childrenNamed(parseXml(xml), 'entry')[0];
  const link = childrenNamed(entry, 'link')[0];
  assert.equal(link?.attrs.rel, 'alternate');
  assert.equal(link?.attrs.href, 'https://example.org/notes/2023/07/02/post-1/');
});

test('a site without an author is still valid: the feed is by the site title', async () => {
  const xml = await feedOf({ ...siteInfo('en'), author: '' });
  assert.deepEqual(atomProblems(xml), []);
  const feed = parseXml(xml);
  assert.equal(childrenNamed(childrenNamed(feed, 'author')[0], 'name')[0]?.text, 'Alchemy Notes');
  assert.equal(childrenNamed(feed, 'rights').length, 0, 'no “© ” with nobody after it');
});

test('the Atom check finds what validators reject (so the tests above can fail)', async () => {
  const xml = await feedOf(siteInfo('en'));
  const broken = xml
    .replace(/\n {2}<author>.*<\/author>/, '')
    .replace(/(<entry>\n)\s*<title[^>]*>[^<]*<\/title>\n/, '$1')
    .replace(/<updated>[^<]*<\/updated>/, '<updated>2024-01-12</updated>');
  const problems = atomProblems(broken);
  assert.ok(problems.includes('entry 1 has no <author>, and neither has the feed'), problems.join('\n'));
  assert.ok(problems.includes('entry 1 has 0 <title>, must have exactly one'), problems.join('\n'));
  assert.ok(problems.some((p) => /feed <updated> "2024-01-12" is not an RFC 3339 date-time/.test(p)), problems.join('\n'));
});

test('each formula is in the feed once: its MathML with the TeX as annotation, not KaTeX’s HTML copy too', async () => {
  const html = firstContent(await feedOf(siteInfo('en')));
  assert.doesNotMatch(html, /katex-html/);
  assert.equal((html.match(/<math /g) ?? []).length, 4, 'four formulas, four MathML trees');
  // The TeX, once, as the annotation.
  const tex = '\\sum_{i=1}^{n} \\frac{\\partial L}{\\partial w_i}';
  assert.equal(html.split(tex).length - 1, 1);
  assert.match(html, /<annotation encoding="application\/x-tex">\\sum_\{i=1\}\^\{n\}/);
  // What a reader shows (annotations are not shown): ∑ and ∂ once per occurrence in the TeX, not twice.
  const shown = html.replace(/<annotation[\s\S]*?<\/annotation>/g, '');
  assert.equal(shown.split('∑').length - 1, 1);
  assert.equal(shown.split('∂').length - 1, 2);
  assert.match(shown, /<mi mathvariant="normal">H<\/mi>/, '\\ce{H2O} is MathML too');
});

test('headings in the feed end with their text, not with the page’s # anchor; in-note links go to the page', async () => {
  const html = firstContent(await feedOf(siteInfo('en')));
  const headings = [...html.matchAll(/<h([2-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => (m[2] ?? '').replace(/<[^>]+>/g, ''));
  assert.deepEqual(headings, ['Backpropagation', 'The chain rule', 'Water', 'Footnotes']);
  assert.doesNotMatch(html, /heading-anchor|heading-alias/);
  const fragmentLinks = [...html.matchAll(/href="([^"]*#[^"]*)"/g)].map((m) => m[1] ?? '');
  assert.ok(fragmentLinks.length > 0, 'the footnote links');
  for (const href of fragmentLinks) assert.ok(href.startsWith('https://example.org/notes/2023/07/02/post-1/#'), href);
});

test('feedHtml leaves HTML that is not KaTeX’s as it is, and keeps what follows a formula', () => {
  const formula = '<span class="katex"><span class="katex-mathml"><math><mi>x</mi></math></span><span class="katex-html" aria-hidden="true"><span class="base"><span class="mord">x</span></span></span></span>';
  assert.equal(feedHtml(`<p>a ${formula} b</p>`), '<p>a <span class="katex"><span class="katex-mathml"><math><mi>x</mi></math></span></span> b</p>');
  const unbalanced = '<p><span class="katex-html">never closed</p>';
  assert.equal(feedHtml(unbalanced), unbalanced);
  assert.equal(feedHtml('<h2 id="a">A<a class="heading-anchor" href="#a" aria-hidden="true" tabindex="-1">#</a></h2>'), '<h2 id="a">A</h2>');
});
