/** `danlu new <title>`: starts a note with front matter dated now in the site's timezone; never overwrites. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../site/config.js';
import { wallTime } from '../../site/content/dates.js';
import { DanluError } from '../../site/errors.js';

/** Creates the note file and prints its path. */
export async function newCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { content: { type: 'string' }, dir: { type: 'string' }, config: { type: 'string' } },
    allowPositionals: true,
  });
  const title = positionals.join(' ').trim();
  if (!title) throw new DanluError('give the note a title', { hint: 'npm run new -- "卷积神经网络"' });
  const { config } = loadConfig(process.cwd(), values.config);
  const contentDir = path.resolve(values.content ?? 'content', values.dir ?? '');
  const name = title.replace(/[\\/:*?"<>|#%]+/g, '-').trim();
  const file = path.join(contentDir, `${name}.md`);
  if (existsSync(file)) throw new DanluError('a note with this name already exists', { path: file, hint: 'choose another title or edit that note' });
  const w = wallTime(new Date(), config.timezone);
  const p = (n: number): string => String(n).padStart(2, '0');
  const date = `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
  mkdirSync(contentDir, { recursive: true });
  const yamlTitle = /^[\w\u4e00-\u9fff][^:#\n]*$/.test(title) ? title : JSON.stringify(title);
  writeFileSync(file, `---\ntitle: ${yamlTitle}\ndate: ${date}\ntags: []\ncategories: []\n---\n\n写下摘要。\n\n<!-- more -->\n\n`, { flag: 'wx' });
  console.log(path.relative(process.cwd(), file));
  return 0;
}
