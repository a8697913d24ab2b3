/**
 * Names too long for a file name. A page's path segment becomes a folder or file name on disk, and most file
 * systems stop at 255 bytes: an 86-character Chinese tag or a long title used to fail the whole write with "check
 * free disk space and permissions". Such a segment is cut to fit (slug.ts `fitSegment`: a prefix and a hash, the
 * same in every build, so links and pages agree) and the site is published; the note gets a warning at the
 * front-matter line the name comes from, with its length and how to choose a shorter URL.
 */
import type { Note } from '../content/loader.js';
import type { SiteConfig } from '../config.js';
import type { Message } from '../messages.js';
import { fitSegment, fullCategorySegment, fullTagSlug, MAX_SEGMENT_BYTES } from './slug.js';

const tooLong = (segment: string): boolean => segment.length * 3 > MAX_SEGMENT_BYTES && Buffer.byteLength(segment) > MAX_SEGMENT_BYTES;

/** A name as it can be printed in a message: long ones shortened in the middle (the fix quotes it whole), control characters escaped. */
function shown(name: string): string {
  const chars = [...name];
  const s = chars.length > 40 ? `${chars.slice(0, 20).join('')}…${chars.slice(-8).join('')}` : name;
  return JSON.stringify(s).slice(1, -1);
}

/** A name whole, as it goes between double quotes in YAML. */
const whole = (name: string): string => JSON.stringify(name).slice(1, -1);

/** Warns once per build for each tag or category name, and fits each note's own path. */
export class LongNameCheck {
  private readonly warned = new Set<string>();
  readonly messages: Message[] = [];

  constructor(private readonly config: SiteConfig) {}

  /**
   * The note's path with over-long segments cut to fit, and warnings for them and for its over-long tags and
   * categories. `own` says whether the path is the note's `permalink:` (else the site's permalink pattern).
   */
  fit(note: Note, path: string, own: boolean): string {
    const m = note.meta;
    const warn = (line: number, rule: string, message: string): void => {
      this.messages.push({ file: note.display, line, column: 1, severity: 'warning', rule, message });
    };
    for (const tag of m.tags) {
      const slug = fullTagSlug(tag, this.config);
      if (!tooLong(slug) || this.warned.has(`t\0${tag}`)) continue;
      this.warned.add(`t\0${tag}`);
      warn(m.nameLines?.get(tag) ?? 1, 'slug-too-long', `the tag "${shown(tag)}" makes a URL segment of ${Buffer.byteLength(slug)} bytes, more than a file name may have (${MAX_SEGMENT_BYTES}); its page is published at /tags/${shown(fitSegment(slug))}/ — choose a shorter tag, or give it a short URL with \`tag_map: { "${whole(tag)}": short-name }\` in the config`);
    }
    for (const name of new Set(m.categories.flat())) {
      const slug = fullCategorySegment(name, this.config);
      if (!tooLong(slug) || this.warned.has(`c\0${name}`)) continue;
      this.warned.add(`c\0${name}`);
      warn(m.nameLines?.get(name) ?? 1, 'slug-too-long', `the category "${shown(name)}" makes a URL segment of ${Buffer.byteLength(slug)} bytes, more than a file name may have (${MAX_SEGMENT_BYTES}); its pages are published under …/${shown(fitSegment(slug))}/ — choose a shorter category, or give it a short URL with \`category_map: { "${whole(name)}": short-name }\` in the config`);
    }
    const segments = path.split('/');
    const long = segments.find(tooLong);
    if (long === undefined) return path;
    const fitted = segments.map(fitSegment).join('/');
    const fromTitle = !own && /:(?:slug|post_title)\b/.test(this.config.permalink);
    const line = own ? (m.permalinkLine ?? 1) : fromTitle ? (m.titleLine ?? 1) : 1;
    const source = own ? 'its `permalink:`' : fromTitle ? `its title (the site's permalink pattern ${this.config.permalink} uses it)` : `its file name (the site's permalink pattern ${this.config.permalink})`;
    warn(line, 'slug-too-long', `the page's path has a segment of ${Buffer.byteLength(long)} bytes from ${source}, more than a file name may have (${MAX_SEGMENT_BYTES}); it is published at /${shown(fitted)} — give the note a shorter \`permalink:\``);
    return fitted;
  }
}
