/**
 * What a note looked up in the link table while rendering decides whether its cached rendering still holds: the
 * same answers today (whatever else was added), or it renders again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinkResolver, lookupsHold, recordLookups, type LinkTable } from '../../../src/site/markdown/links.js';

const table = (notes: Array<[rel: string, title: string, url: string]>, files: string[] = []): LinkTable => ({
  notes: notes.map(([rel, title, url]) => ({ rel, title, url })),
  files,
  filesBase: '/files/',
});

const base = (): LinkTable =>
  table(
    [
      ['ml/rnn.md', 'Recurrent nets', '/2024/01/01/rnn/'],
      ['ml/cnn.md', 'Convolutions', '/2024/01/02/cnn/'],
    ],
    ['img/net.png'],
  );

/** The lookups one note makes: a wikilink, a relative link, an image by name, a dangling name, a finished href. */
function lookupsOf(t: LinkTable) {
  const recorder = recordLookups(t);
  const links = createLinkResolver(t);
  links.note('rnn', '/blog/content/');
  links.noteByPath('cnn.md', 'ml/intro.md', '/blog/content/');
  const img = links.file('net.png', 'ml/intro.md');
  if (img) links.fileUrl(img);
  links.note('Attention', '/blog/content/');
  links.noteAtUrl('/2024/01/02/cnn/#pooling');
  return recorder.take();
}

test('lookups hold against the same table, and against one with an unrelated note added', () => {
  const lookups = lookupsOf(base());
  assert.equal(lookups.length, 6);
  assert.ok(lookupsHold(lookups, createLinkResolver(base())));
  const more = base();
  more.notes.push({ rel: 'misc/cooking.md', title: 'Cooking', url: '/2024/02/01/cooking/' });
  assert.ok(lookupsHold(lookups, createLinkResolver(more)));
});

test('a retitled, moved or deleted target, a dangling name that now resolves or a moved image breaks them', () => {
  const lookups = lookupsOf(base());
  const changed = (edit: (t: LinkTable) => void): boolean => {
    const t = base();
    edit(t);
    return !lookupsHold(lookups, createLinkResolver(t));
  };
  assert.ok(changed((t) => void ((t.notes[0] as { title: string }).title = 'RNNs')), 'retitled');
  assert.ok(changed((t) => void ((t.notes[1] as { url: string }).url = '/2024/03/02/cnn/')), 'new URL');
  assert.ok(changed((t) => void t.notes.splice(1, 1)), 'deleted');
  assert.ok(changed((t) => void t.notes.push({ rel: 'ml/attention.md', title: 'Attention', url: '/a/' })), 'a dangling link now resolves');
  assert.ok(changed((t) => void (t.files = ['pictures/net.png'])), 'image moved');
  assert.ok(changed((t) => void (t.filesBase = '/static/')), 'files published elsewhere');
});

test('each recording holds only the lookups made since the last take', () => {
  const t = base();
  const recorder = recordLookups(t);
  const links = createLinkResolver(t);
  links.note('rnn');
  links.note('rnn');
  assert.equal(recorder.take().length, 1, 'the same lookup is recorded once');
  assert.deepEqual(recorder.take(), []);
  // A resolver over a table nobody records for records nothing, and answers the same.
  assert.equal(createLinkResolver(base()).note('rnn')?.url, links.note('rnn')?.url);
});
