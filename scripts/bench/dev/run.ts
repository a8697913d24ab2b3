/**
 * The writer's loop, measured from outside: `danlu dev` start-up and edits over the 1000-note generated corpus
 * (scripts/bench/build/corpus.ts), and the CLI's incremental rebuilds, each against a cold build of the same run.
 *
 *   npm run bench:dev -- [--notes 1000] [--rounds 3] [--edits 20] [--adds 5] [--titles 5] [--poll 15]
 *                        [--timeout 60000] [--seed 1] [--danlu HEAD|<commit>|worktree]
 *
 * Only the CLI and HTTP are used (`node bin/danlu.js build|dev`, GET pages, the live-reload channel the served
 * page subscribes to), so the bench runs the same before and after the dev server's rewrite. danlu is a
 * `git archive` snapshot of the commit (default HEAD) unless `--danlu worktree`.
 *
 * Per round (R rounds, fresh corpus each):
 *   cold build      `build` with its cache and output deleted
 *   CLI +edit       one note's body edited, `build` again (cache and output of the cold build in place)
 *   CLI +note       one new note, `build` again
 *   dev start cold  `dev` with the cache deleted, until GET / answers 200
 *   dev start warm  `dev` again with the cache the previous start left
 * Then one dev session (warm start, then idle): E body edits of different notes, T title changes, A new notes.
 * Each change is a file write; its time runs from the write's return to the end of the first response that shows
 * it (the note's page contains the new marker; for a title, the note's page and the home or archive page show
 * it; for a new note, its page is served), polling every --poll ms. The first live-reload event after the write
 * is timed too. Before each change the server's process tree is left to go idle (CPU < 8 % of a core over 0.8 s).
 *
 * Prints markdown tables; writes bench-out/dev.json and bench-out/dev.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateNote, writeCorpus } from '../build/corpus.js';
import { danluCli, danluUnderTest, fmt, htmlFiles, logger, machine, measure, median, percentile, readReport, REPO, rm } from '../build/real/harness.js';
import { channelFor, detectChannel, freePort, get, pollUntil, settle, sleep, subscribe, type LiveChannel } from './live.js';

const log = logger('bench:dev');

const { values } = parseArgs({
  options: {
    notes: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    edits: { type: 'string', default: '20' },
    adds: { type: 'string', default: '5' },
    titles: { type: 'string', default: '5' },
    poll: { type: 'string', default: '15' },
    timeout: { type: 'string', default: '60000' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    danlu: { type: 'string', default: 'HEAD' },
  },
});
const N = Number(values.notes);
const ROUNDS = Number(values.rounds);
const EDITS = Number(values.edits);
const ADDS = Number(values.adds);
const TITLES = Number(values.titles);
const POLL = Number(values.poll);
const TIMEOUT = Number(values.timeout);
const SEED = Number(values.seed);
for (const [k, v] of Object.entries({ notes: N, rounds: ROUNDS, edits: EDITS, adds: ADDS, titles: TITLES, poll: POLL, timeout: TIMEOUT })) {
  if (!Number.isInteger(v) || v < (k === 'adds' || k === 'titles' || k === 'edits' ? 0 : 1)) throw new Error(`--${k}: a positive integer, got ${v}`);
}

const under = danluUnderTest(values.danlu);
const WORK = join(REPO, 'bench-out', 'dev');
const CONTENT = join(WORK, 'corpus');
const OUT = join(WORK, 'out');
const REPORT = join(WORK, 'report.json');
/** Where a build or dev run from WORK may keep its render cache (beside `--out`, beside the default `dist`). */
const CACHES = [join(WORK, '.danlu-cache'), join(OUT, '.danlu-cache'), join(WORK, 'dist', '.danlu-cache')];
const deleteCaches = (): void => CACHES.forEach(rm);

const buildCmd = () => danluCli(under.root, ['build', '--content', CONTENT, '--out', OUT, '--report', REPORT, '--quiet'], WORK);

/** Note pages of a build output, as `rel path without .md` → URL path: `YYYY/MM/DD/<rel>/index.html`. */
function notePages(out: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of htmlFiles(out)) {
    const m = /^(\d{4}\/\d\d\/\d\d)\/(.+)\/index\.html$/.exec(f.split('\\').join('/'));
    if (m?.[2]) map.set(m[2], `/${m[1]}/${m[2]}/`);
  }
  return map;
}
const urlOf = (origin: string, path: string): string => origin + encodeURI(path);
const stem = (rel: string): string => rel.replace(/\.md$/, '');

/** A new note the way a writer adds one; dated far ahead so that it is the newest (first on the home page). */
/**
 * The corpus's newest day (`YYYY-MM-DD` of its last note): a new note is dated `day` days after it, as a writer's
 * next note is. Dated in a later year (the bench used 2030 until 2026-12-04), it would also change the year every
 * page's footer shows, and so every page of the site: a real but once-a-year event, not what adding a note costs.
 */
function newestDay(): Date {
  const m = /^date: (\d{4})-(\d\d)-(\d\d)/m.exec(generateNote(N - 1, SEED).text);
  if (!m) throw new Error('the corpus generator wrote no date');
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function newNote(tag: string, day: number): { rel: string; text: string; title: string; marker: string; url: string } {
  const marker = `bench-new-marker-${tag}`;
  const title = `Bench new note ${tag}`;
  const rel = `Learn/bench-new-${tag}.md`;
  const d = new Date(newestDay().getTime() + day * 86_400_000);
  const [yyyy, mm, dd] = [String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')];
  const text = `---\ntitle: ${title}\ndate: ${yyyy}-${mm}-${dd} 12:00:00\ntags:\n    - Bench\ncategories: Learn\n---\n\n新加的一篇笔记，激活函数取 $\\sigma(x) = \\frac{1}{1+e^{-x}}$。\n\n<!-- more -->\n\n## 正文\n\n${marker}\n\n$$\n\\frac{\\partial L}{\\partial w} = \\delta \\cdot o\n$$\n`;
  // Hexo's default permalink `:year/:month/:day/:title/` (`:title` = the path in the notes folder), noon in the site's zone.
  return { rel, text, title, marker, url: `/${yyyy}/${mm}/${dd}/Learn/bench-new-${tag}/` };
}

const appendMarker = (text: string, marker: string): string => `${text.replace(/\s*$/, '')}\n\n${marker}\n`;

// --- dev process --------------------------------------------------------------------------------------------------

interface DevProcess {
  child: ChildProcess;
  origin: string;
  /** stdout/stderr lines with arrival times. */
  lines: { t: number; line: string }[];
  exited: Promise<number | null>;
}

async function startDev(): Promise<DevProcess> {
  const port = await freePort();
  const cmd = danluCli(under.root, ['dev', '--content', CONTENT, '--port', String(port)], WORK);
  const child = spawn(cmd.file, cmd.args, { cwd: cmd.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  const lines: { t: number; line: string }[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    let buf = '';
    stream?.on('data', (chunk: string) => {
      buf += chunk;
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const line of parts) if (lines.length < 5000) lines.push({ t: performance.now(), line });
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, origin: `http://127.0.0.1:${port}`, lines, exited };
}

async function stopDev(dev: DevProcess): Promise<void> {
  if (dev.child.exitCode !== null) return;
  dev.child.kill('SIGINT');
  const done = await Promise.race([dev.exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!done) {
    dev.child.kill('SIGKILL');
    await dev.exited;
  }
}

/** Starts dev and waits for GET / to answer 200; ms from spawn, or null if it never did. */
async function timedStart(): Promise<{ dev: DevProcess; ms: number | null }> {
  const t0 = performance.now();
  const dev = await startDev();
  const seen = await pollUntil(t0, [dev.origin + '/'], (_u, r) => r.status === 200, { intervalMs: 20, timeoutMs: 10 * 60_000 });
  return { dev, ms: seen.get(dev.origin + '/') ?? null };
}

/** The server's own account of its last rebuild after `t0` (`rebuilt in 123 ms`), if it prints one. */
const serverRebuildMs = (dev: DevProcess, t0: number): number | null => {
  for (const { t, line } of dev.lines) {
    if (t < t0) continue;
    const m = /(?:rebuilt|built|updated)[^\d]*in (\d+) ?ms/i.exec(line);
    if (m?.[1]) return Number(m[1]);
  }
  return null;
};

// --- phase A: CLI rounds and start-up -----------------------------------------------------------------------------

interface RoundResult {
  load: number;
  coldBuild: number;
  coldReportedMs: number | null;
  /** CPU seconds (user + system, GNU time) of the three builds: steadier than wall time on a shared machine. */
  cpu: { cold: number | null; edit: number | null; add: number | null };
  cliEdit: number;
  cliEditVisible: boolean;
  cliEditUpToDate: boolean;
  cliAdd: number;
  cliAddVisible: boolean;
  devStartCold: number | null;
  devStartWarm: number | null;
}

async function cliRound(r: number): Promise<{ result: RoundResult; pages: Map<string, string> }> {
  const load = loadavg()[0] ?? 0;
  writeCorpus(CONTENT, N, SEED);
  rm(OUT);
  rm(REPORT);
  deleteCaches();
  const cold = await measure(buildCmd());
  if (cold.exitCode !== 0) throw new Error(`cold build failed (exit ${cold.exitCode}):\n${cold.stderrTail}`);
  const coldReportedMs = readReport(REPORT).durationMs;
  const pages = notePages(OUT);

  // One edited body.
  const edited = generateNote((Math.floor(N / 2) + r) % N, SEED);
  const marker = `bench-cli-marker-${r}-${Date.now().toString(36)}`;
  writeFileSync(join(CONTENT, edited.path), appendMarker(edited.text, marker));
  const edit = await measure(buildCmd());
  const editPage = pages.get(stem(edited.path));
  const cliEditVisible = edit.exitCode === 0 && !!editPage && readFileSync(join(OUT, editPage, 'index.html'), 'utf8').includes(marker);
  const cliEditUpToDate = readReport(REPORT).upToDate;

  // One new note.
  const added = newNote(`cli-${r}`, 1 + r);
  writeFileSync(join(CONTENT, added.rel), added.text);
  const add = await measure(buildCmd());
  const addedFile = join(OUT, added.url, 'index.html');
  const cliAddVisible = add.exitCode === 0 && existsSync(addedFile) && readFileSync(addedFile, 'utf8').includes(added.marker);
  if (!cliAddVisible) {
    const found = [...notePages(OUT).entries()].find(([rel]) => rel.endsWith(`bench-new-cli-${r}`));
    log(`warning: the new note's page is not at ${added.url}${found ? ` but at ${found[1]}: the URL rule of the dev bench's new notes is wrong` : ''}`);
  }
  log(
    `round ${r}: cold build ${cold.seconds.toFixed(2)} s (load ${load.toFixed(1)}), +edit ${edit.seconds.toFixed(2)} s (${cliEditVisible ? 'visible' : 'NOT visible'}), ` +
      `+note ${add.seconds.toFixed(2)} s (${cliAddVisible ? 'visible' : 'NOT visible'})`,
  );
  return {
    result: { load, coldBuild: cold.seconds, coldReportedMs, cpu: { cold: cold.cpuSeconds, edit: edit.cpuSeconds, add: add.cpuSeconds }, cliEdit: edit.seconds, cliEditVisible, cliEditUpToDate, cliAdd: add.seconds, cliAddVisible, devStartCold: null, devStartWarm: null },
    pages,
  };
}

async function startRound(result: RoundResult, r: number): Promise<void> {
  writeCorpus(CONTENT, N, SEED);
  deleteCaches();
  const cold = await timedStart();
  await stopDev(cold.dev);
  const warm = await timedStart();
  await stopDev(warm.dev);
  result.devStartCold = cold.ms === null ? null : cold.ms / 1000;
  result.devStartWarm = warm.ms === null ? null : warm.ms / 1000;
  log(`round ${r}: dev start-up ${fmt(result.devStartCold)} s with the cache deleted, ${fmt(result.devStartWarm)} s with it warm`);
}

// --- phase B: the dev session -------------------------------------------------------------------------------------

interface ChangeSample {
  kind: 'body' | 'title' | 'new';
  file: string;
  /** ms from the write's return to the change being visible (all required pages), null if not within --timeout. */
  visibleMs: number | null;
  /** Per page polled, ms until it showed the change. */
  pages: Record<string, number | null>;
  /** ms to the first live-reload event after the write, null if none came. */
  reloadMs: number | null;
  /** Live-reload events between this write and the next change. */
  reloadEvents: number;
  reloadData: string | null;
  serverMs: number | null;
  settledMs: number;
}

async function devSession(pages: Map<string, string>): Promise<{ samples: ChangeSample[]; channel: { kind: string; path: string | null; connected: boolean }; startMs: number | null }> {
  writeCorpus(CONTENT, N, SEED);
  const { dev, ms: startMs } = await timedStart();
  const samples: ChangeSample[] = [];
  let live: LiveChannel | null = null;
  let channel: ReturnType<typeof detectChannel> = { kind: 'none', path: null };
  let everConnected = false;
  try {
    if (startMs === null) throw new Error('dev server never answered GET / with 200');
    const home = await get(dev.origin + '/');
    channel = detectChannel(home?.text ?? '');
    log(`dev session: started in ${(startMs / 1000).toFixed(2)} s; live reload: ${channel.kind}${channel.path ? ` ${channel.path}` : ''}`);
    const pid = dev.child.pid ?? 0;

    /** `tab`: the page a reader's open tab shows (the channel may be per page); its live-reload channel is timed. */
    const measureChange = async (kind: ChangeSample['kind'], file: string, tab: string, write: () => void, urls: string[], test: (url: string, text: string) => boolean, visibleWhen: (seen: Map<string, number | null>) => number | null): Promise<void> => {
      const settledMs = await settle(pid);
      live?.close();
      live = subscribe(dev.origin, channelFor(channel, tab));
      for (let i = 0; i < 50 && !live.open(); i++) await sleep(20);
      everConnected ||= live.open();
      const before = live.events.length;
      write();
      const t0 = performance.now();
      const seen = await pollUntil(t0, urls, (u, r) => r.status === 200 && test(u, r.text), { intervalMs: POLL, timeoutMs: TIMEOUT });
      // Let a reload event that trails the page a little still count.
      if (live && live.events.length === before) await sleep(200);
      const after = live.events.slice(before);
      const first = after.find((e) => e.t >= t0);
      const sample: ChangeSample = {
        kind,
        file,
        visibleMs: visibleWhen(seen),
        pages: Object.fromEntries([...seen].map(([u, v]) => [decodeURI(u.slice(dev.origin.length)), v === null ? null : Math.round(v)])),
        reloadMs: first ? first.t - t0 : null,
        reloadEvents: after.length,
        reloadData: first?.data.slice(0, 200) ?? null,
        serverMs: serverRebuildMs(dev, t0),
        settledMs: Math.round(settledMs),
      };
      samples.push(sample);
      log(`${kind} ${file}: visible ${sample.visibleMs === null ? `NOT within ${TIMEOUT} ms` : `${Math.round(sample.visibleMs)} ms`}, reload event ${sample.reloadMs === null ? 'none' : `${Math.round(sample.reloadMs)} ms`}, server ${sample.serverMs ?? '?'} ms`);
    };
    const all = (seen: Map<string, number | null>): number | null => ([...seen.values()].some((v) => v === null) ? null : Math.max(...[...seen.values()].map((v) => v ?? 0)));

    // (b) body edits: different notes spread over the corpus, away from the newest (the title edits' notes).
    for (let k = 0; k < EDITS; k++) {
      const note = generateNote((37 + k * 41) % Math.max(1, N - TITLES - 1), SEED);
      const page = pages.get(stem(note.path));
      if (!page) throw new Error(`no page for ${note.path} in the cold build's output`);
      const marker = `bench-body-marker-${k}-${Date.now().toString(36)}`;
      const url = urlOf(dev.origin, page);
      await measureChange('body', note.path, page, () => writeFileSync(join(CONTENT, note.path), appendMarker(note.text, marker)), [url], (_u, t) => t.includes(marker), all);
    }
    // (d) title changes of the newest notes (on the home page): the note's page and the home or archive list.
    for (let k = 0; k < TITLES; k++) {
      const note = generateNote(N - 1 - k, SEED);
      const page = pages.get(stem(note.path));
      if (!page) throw new Error(`no page for ${note.path} in the cold build's output`);
      const old = /^title: (.*)$/m.exec(note.text)?.[1] ?? '';
      const title = `${old} retitled ${k}-${Date.now().toString(36)}`;
      const noteUrl = urlOf(dev.origin, page);
      const lists = [dev.origin + '/', dev.origin + '/archives/'];
      await measureChange(
        'title',
        note.path,
        page,
        () => writeFileSync(join(CONTENT, note.path), note.text.replace(/^title: .*$/m, `title: ${title}`)),
        [noteUrl, ...lists],
        (_u, t) => t.includes(title),
        (seen) => {
          const own = seen.get(noteUrl) ?? null;
          const listTimes = lists.map((l) => seen.get(l) ?? null).filter((v): v is number => v !== null);
          return own === null || listTimes.length === 0 ? null : Math.max(own, Math.min(...listTimes));
        },
      );
    }
    // (c) new notes.
    for (let k = 0; k < ADDS; k++) {
      const added = newNote(`dev-${k}`, 10 + k);
      await measureChange('new', added.rel, '/', () => writeFileSync(join(CONTENT, added.rel), added.text), [urlOf(dev.origin, added.url)], (_u, t) => t.includes(added.marker), all);
    }
    return { samples, channel: { kind: channel.kind, path: channel.path, connected: everConnected }, startMs };
  } finally {
    (live as LiveChannel | null)?.close();
    await stopDev(dev);
  }
}

// --- report -------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`danlu: ${under.label} (${under.root})`);
  mkdirSync(WORK, { recursive: true });
  // Untimed: the CLI and worker bundles are made once per version of danlu's sources.
  {
    const warm = join(WORK, 'warmup');
    writeCorpus(warm, 64, SEED);
    const m = await measure(danluCli(under.root, ['build', '--content', warm, '--out', join(WORK, 'out-warmup'), '--no-cache', '--quiet'], WORK));
    log(`warm-up (untimed): ${m.seconds.toFixed(1)} s, exit ${m.exitCode}`);
  }

  const rounds: RoundResult[] = [];
  let pages = new Map<string, string>();
  for (let r = 1; r <= ROUNDS; r++) {
    const got = await cliRound(r);
    pages = got.pages;
    await startRound(got.result, r);
    rounds.push(got.result);
  }
  const session = await devSession(pages);
  writeCorpus(CONTENT, N, SEED); // restore

  const med = (f: (r: RoundResult) => number | null): number | null => median(rounds.map(f).filter((v): v is number => v !== null));
  const cold = med((r) => r.coldBuild);
  const ratio = (f: (r: RoundResult) => number | null): number | null => median(rounds.flatMap((r) => { const v = f(r); return v === null ? [] : [v / r.coldBuild]; }));
  const runs = (f: (r: RoundResult) => number | null): string => rounds.map((r) => fmt(f(r), 1)).join(', ');
  const cpuRatio = (f: (r: RoundResult) => number | null): number | null =>
    median(rounds.flatMap((r) => { const v = f(r); return v === null || !r.cpu.cold ? [] : [v / r.cpu.cold]; }));
  const pass = (v: number | null, goal: number): string => (v === null ? '–' : v <= goal ? 'yes' : '**no**');
  const cliTable = [
    `| measurement (${N} notes) | seconds (median of ${ROUNDS}) | runs | ÷ cold build (same round) | CPU s (median) | CPU ÷ cold build's CPU | goal (wall) | met |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | :---: |',
    `| cold build (cache deleted) | ${fmt(cold)} | ${runs((r) => r.coldBuild)} | 1.00 | ${fmt(med((r) => r.cpu.cold), 1)} | 1.00 | | |`,
    `| CLI rebuild after one edited note${rounds.every((r) => r.cliEditVisible) ? '' : ' (change NOT in the output)'} | ${fmt(med((r) => r.cliEdit))} | ${runs((r) => r.cliEdit)} | ${fmt(ratio((r) => r.cliEdit))} | ${fmt(med((r) => r.cpu.edit), 1)} | ${fmt(cpuRatio((r) => r.cpu.edit))} | ≤ 0.10 | ${pass(ratio((r) => r.cliEdit), 0.1)} |`,
    `| CLI rebuild after one new note${rounds.every((r) => r.cliAddVisible) ? '' : ' (page NOT in the output)'} | ${fmt(med((r) => r.cliAdd))} | ${runs((r) => r.cliAdd)} | ${fmt(ratio((r) => r.cliAdd))} | ${fmt(med((r) => r.cpu.add), 1)} | ${fmt(cpuRatio((r) => r.cpu.add))} | ≤ 0.10 | ${pass(ratio((r) => r.cliAdd), 0.1)} |`,
    `| \`dev\` start-up to GET / = 200, cache deleted | ${fmt(med((r) => r.devStartCold))} | ${runs((r) => r.devStartCold)} | ${fmt(ratio((r) => r.devStartCold))} | | | ≤ 1.00 | ${pass(ratio((r) => r.devStartCold), 1)} |`,
    `| \`dev\` start-up to GET / = 200, cache warm | ${fmt(med((r) => r.devStartWarm))} | ${runs((r) => r.devStartWarm)} | ${fmt(ratio((r) => r.devStartWarm))} | | | | |`,
  ].join('\n');

  const kinds: { kind: ChangeSample['kind']; label: string; goal: number }[] = [
    { kind: 'body', label: 'body edit of one note (its page shows the marker)', goal: 200 },
    { kind: 'title', label: 'title change (note page and home/archive list show it)', goal: 500 },
    { kind: 'new', label: 'new note (its page served)', goal: 500 },
  ];
  const devRows = kinds.map(({ kind, label, goal }) => {
    const s = session.samples.filter((x) => x.kind === kind);
    const vis = s.flatMap((x) => (x.visibleMs === null ? [] : [x.visibleMs]));
    const rel = s.flatMap((x) => (x.reloadMs === null ? [] : [x.reloadMs]));
    const srv = s.flatMap((x) => (x.serverMs === null ? [] : [x.serverMs]));
    const missed = s.length - vis.length;
    const m = missed > 0 ? null : median(vis);
    return {
      kind,
      n: s.length,
      visibleMedianMs: median(vis),
      visibleP90Ms: percentile(vis, 90),
      visibleMaxMs: vis.length ? Math.max(...vis) : null,
      missed,
      reloadFired: rel.length,
      reloadMedianMs: median(rel),
      eventsPerChange: median(s.map((x) => x.reloadEvents)),
      serverMedianMs: median(srv),
      goalMs: goal,
      met: s.length === 0 ? null : m !== null && m < goal,
      line: `| ${label} | ${s.length} | ${fmt(median(vis), 0)} | ${fmt(percentile(vis, 90), 0)} | ${vis.length ? fmt(Math.max(...vis), 0) : '–'}${missed ? ` (${missed} not visible in ${TIMEOUT / 1000} s)` : ''} | ${rel.length}/${s.length}, ${fmt(median(rel), 0)} | ${fmt(median(s.map((x) => x.reloadEvents)), 0)} | ${fmt(median(srv), 0)} | < ${goal} | ${s.length === 0 ? '–' : m !== null && m < goal ? 'yes' : '**no**'} |`,
    };
  });
  const devTable = [
    '| change in `danlu dev` | n | visible ms (median) | p90 | max | live-reload events fired, ms to first (median) | events per change | server\'s own "rebuilt in" ms | goal ms (median) | met |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
    ...devRows.map((r) => r.line),
  ].join('\n');

  const argv = process.argv.slice(2);
  const command = `npm run bench:dev${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const loads = rounds.map((r) => r.load);
  const block =
    `\`${command}\` — ${date}, danlu at ${under.label}, ${machine()}, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} at the rounds' starts (${loadavg()[0]?.toFixed(1)} at the end), corpus seed ${SEED}, polled every ${POLL} ms.\n\n` +
    `${cliTable}\n\n` +
    `Dev session (warm start ${fmt(session.startMs === null ? null : session.startMs / 1000)} s); live reload: ${session.channel.kind}${session.channel.path ? ` \`${session.channel.path}\`` : ''}${session.channel.connected ? ' (subscribed as a tab on the changed page; for a new note, on the home page)' : ' (could not connect)'}.\n\n${devTable}`;
  console.log(`\n${block}\n`);
  const outDir = join(REPO, 'bench-out');
  writeFileSync(join(outDir, 'dev.json'), JSON.stringify({ command, date, danlu: under.label, machine: machine(), seed: SEED, notes: N, pollMs: POLL, rounds, cold, dev: { startMs: session.startMs, channel: session.channel, summary: devRows.map(({ line: _line, ...r }) => r), samples: session.samples } }, null, 2) + '\n');
  writeFileSync(join(outDir, 'dev.md'), block + '\n');
}

await main();
