/**
 * The render cache is keyed by what each note depends on: a rebuild renders again only the notes that changed
 * and the notes whose links (wikilinks, relative links, post_link, images by name) now resolve differently, and
 * what it writes is byte for byte what a cold build writes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { build, type BuildOptions } from '../../../src/site/build.js';
import { readTree } from '../../helpers/site.js';

/** A content folder of notes `name → body` (title and date front matter added), plus files. */
function makeSite(notes: Record<string, string>, files: Record<string, string> = {}): { site: string; content: string } {
  const site = mkdtempSync(path.join(tmpdir(), 'danlu-cache-deps-'));
  const content = path.join(site, 'content');
  mkdirSync(content, { recursive: true });
  let day = 1;
  for (const [name, body] of Object.entries(notes)) writeNote(content, name, name.toUpperCase(), body, day++);
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(content, name)), { recursive: true });
    writeFileSync(path.join(content, name), data);
  }
  return { site, content };
}

/** Writes a note dated `day` days into 2024 (distinct days keep the list pages' order stable). */
function writeNote(content: string, name: string, title: string, body: string, day = 200): void {
  const file = path.join(content, `${name}.md`);
  mkdirSync(path.dirname(file), { recursive: true });
  const date = new Date(Date.UTC(2024, 0, day, 10)).toISOString().slice(0, 19).replace('T', ' ');
  writeFileSync(file, `---\ntitle: ${title}\ndate: ${date}\n---\n\n${body}\n`);
}

/** Builds with the persistent cache and says how many notes were rendered (not served from the cache). */
async function rebuild(site: string, extra: Partial<BuildOptions> = {}) {
  let rendered = 0;
  const result = await build({
    siteDir: site,
    outDir: 'dist',
    cacheDir: path.join(site, 'cache'),
    ...extra,
    onProgress: (p) => {
      if (p.phase === 'render' && p.done !== undefined) rendered++;
    },
  });
  return { result, rendered };
}

/** The same site built from nothing (no cache) must give the same bytes as the incremental build just made. */
async function assertSameAsCold(site: string, extra: Partial<BuildOptions> = {}): Promise<void> {
  await build({ siteDir: site, outDir: 'cold', cacheDir: false, ...extra });
  const warm = readTree(path.join(site, 'dist'));
  const cold = readTree(path.join(site, 'cold'));
  // The search bundle of a rebuild is the last full index plus a delta of the changed notes, not a cold build's
  // (test/site/search/search-delta.browser.test.ts checks that it answers the same); every other file is equal.
  const pages = (t: Map<string, Buffer>): string[] => [...t.keys()].filter((f) => f !== '.danlu-output' && !f.startsWith('pagefind/'));
  assert.deepEqual(pages(warm), pages(cold));
  for (const f of pages(cold)) assert.ok(cold.get(f)?.equals(warm.get(f) ?? Buffer.alloc(0)), `${f} differs from a cold build`);
  rmSync(path.join(site, 'cold'), { recursive: true, force: true });
}

const page = (site: string, name: string): string => {
  const tree = readTree(path.join(site, 'dist'));
  const file = [...tree.keys()].find((f) => f.endsWith(`/${name}/index.html`));
  assert.ok(file, `a page for ${name}`);
  return tree.get(file)?.toString('utf8') ?? '';
};

const warnings = (messages: ReadonlyArray<{ file: string; rule?: string | undefined }>): string[] =>
  messages.map((m) => `${path.basename(m.file)} ${m.rule}`).sort();

const linkers = {
  target: 'The note everyone links to.',
  wiki: 'See [[target]].',
  relative: 'See [the target](target.md).',
  postlink: 'See {% post_link target %}.',
  image: 'A picture: ![[pic.png]]',
  alone: 'Links to nothing.',
  other: 'Links to [[alone]] only.',
};

test('adding a note nothing links to renders that note only, and the site is what a cold build makes', async () => {
  const { site, content } = makeSite(linkers, { 'img/pic.png': 'png' });
  const first = await rebuild(site);
  assert.ok(first.result.ok);
  assert.equal(first.rendered, Object.keys(linkers).length);
  assert.equal((await rebuild(site, { config: { title: 'no change in notes' } })).rendered, 0);

  writeNote(content, 'fresh', 'A fresh note', 'Nothing links here; it links to nothing.');
  const added = await rebuild(site);
  assert.ok(added.result.ok);
  assert.equal(added.rendered, 1, 'only the new note renders');
  await assertSameAsCold(site);
});

test('retitling a note renders again exactly the notes whose links reach it', async () => {
  const { site, content } = makeSite(linkers, { 'img/pic.png': 'png' });
  await rebuild(site);
  writeNote(content, 'target', 'Renamed target', linkers.target, 1);
  const { result, rendered } = await rebuild(site);
  assert.ok(result.ok);
  // The target itself, and the wikilink, relative link and post_link that resolved to it.
  assert.equal(rendered, 4);
  assert.match(page(site, 'postlink'), /Renamed target/, 'post_link shows the new title');
  await assertSameAsCold(site);
});

test('a link to a missing note renders again when that note appears, and stops warning', async () => {
  const { site, content } = makeSite({ waiting: 'See [[Later note]] and {% post_link later %}.', alone: 'Nothing.' });
  const first = await rebuild(site);
  assert.deepEqual(warnings(first.result.report.messages), ['waiting.md hexo-post-link-unresolved', 'waiting.md wikilink-unresolved']);

  writeNote(content, 'later', 'Later note', 'Here now.');
  const { result, rendered } = await rebuild(site);
  assert.equal(rendered, 2, 'the new note and the note whose links now find it');
  assert.deepEqual(warnings(result.report.messages), []);
  assert.doesNotMatch(page(site, 'waiting'), /wikilink-unresolved/);
  await assertSameAsCold(site);
});

test('deleting a note renders its linkers again, and they warn; so does a deleted image found by name', async () => {
  const { site, content } = makeSite(linkers, { 'img/pic.png': 'png' });
  await rebuild(site);
  rmSync(path.join(content, 'target.md'));
  rmSync(path.join(content, 'img/pic.png'));
  const { result, rendered } = await rebuild(site);
  assert.ok(result.ok);
  assert.equal(rendered, 4, 'the wikilink, relative link, post_link and image notes');
  assert.deepEqual(warnings(result.report.messages), [
    'image.md asset-missing',
    'postlink.md hexo-post-link-unresolved',
    'relative.md link-missing-note',
    'wiki.md wikilink-unresolved',
  ]);
  await assertSameAsCold(site);
});

test('lookups recorded on render workers are kept in the cache', async () => {
  // Enough notes for the pool (render-pool.ts POOL_THRESHOLD): the first build renders on two workers.
  const notes: Record<string, string> = { target: 'Target.' };
  for (let i = 0; i < 60; i++) notes[`n${String(i).padStart(2, '0')}`] = i % 10 === 0 ? 'See [[target]].' : `Note ${i} links nowhere.`;
  const { site, content } = makeSite(notes);
  const first = await rebuild(site, { threads: 2 });
  assert.ok(first.result.ok, JSON.stringify(first.result.report.messages));
  assert.equal(first.rendered, 61);
  writeNote(content, 'target', 'Target, retitled', 'Target.', 1);
  const { result, rendered } = await rebuild(site, { threads: 2 });
  assert.ok(result.ok);
  assert.equal(rendered, 7, 'the target and its six linkers');
  await assertSameAsCold(site, { threads: 2 });
});

test('moving the content folder renders again (paths from a vault above it resolve by its place)', async () => {
  const { site } = makeSite({ a: 'See [[b]].', b: 'B.' });
  await rebuild(site);
  const moved = path.join(site, 'moved');
  // Same notes, same cache, another place.
  mkdirSync(moved);
  for (const n of ['a', 'b']) writeFileSync(path.join(moved, `${n}.md`), readFileSync(path.join(site, 'content', `${n}.md`)));
  const { result, rendered } = await rebuild(site, { contentDir: 'moved' });
  assert.ok(result.ok);
  assert.equal(rendered, 2);
});

test('a raw HTML link to a URL no note has yet: when a note appears there, the linker renders again and shows as its backlink', async () => {
  const { site, content } = makeSite({ raw: 'See <a href="/later-raw/">the later note</a>.', alone: 'Nothing.' });
  await rebuild(site);
  writeFileSync(path.join(content, 'later.md'), '---\ntitle: Later raw\ndate: 2024-03-01 10:00:00\npermalink: later-raw/\n---\n\nHere now.\n');
  const { result, rendered } = await rebuild(site);
  assert.ok(result.ok);
  assert.equal(rendered, 2, 'the new note and the note whose href now reaches it');
  await assertSameAsCold(site);
  assert.match(readFileSync(path.join(site, 'dist', 'later-raw', 'index.html'), 'utf8'), /RAW/, 'the linker is listed on the new note’s page');
});
