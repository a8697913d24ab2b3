/** `atom.xml`: the newest notes as an Atom feed (render/feed.ts). */
import { renderAtomFeed } from '../render/feed.js';
import type { Emitter } from './emitter.js';

/** The Atom feed. */
export const feedEmitter: Emitter = {
  name: 'feed',
  *emit({ site, model, config }) {
    yield { path: 'atom.xml', yields: true, content: () => renderAtomFeed(site, model.posts, model.latest, config.feedLimit) };
  },
};
