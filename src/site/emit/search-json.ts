/** `search.json`: each note's title, tags and prose (render/search-index.ts), for tools that read it. */
import { renderSearchIndex } from '../render/search-index.js';
import type { Emitter } from './emitter.js';

/** The plain search index. */
export const searchJsonEmitter: Emitter = {
  name: 'search.json',
  *emit({ model, notes }) {
    yield {
      path: 'search.json',
      yields: true,
      content: () =>
        renderSearchIndex(
          model.posts.map((p, i) => ({
            title: p.title,
            url: p.url,
            date: p.date.day,
            tags: p.tags.map((x) => x.name),
            categories: p.categories.map((x) => x.name),
            text: notes[i]?.text ?? '',
          })),
        ),
    };
  },
};
