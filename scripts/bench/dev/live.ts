/**
 * Talking to a running `danlu dev` from outside, through HTTP only (the server is being rewritten; the bench must
 * not depend on its internals): polling a page until it shows a change, listening to the live-reload channel the
 * served page itself subscribes to (server-sent events or a WebSocket, found in the page's HTML), and telling
 * when the server's process tree has gone quiet (so one measured change does not overlap the last one's tail).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** GET a URL; `null` when nothing answers (not listening yet, reset). */
export async function get(url: string): Promise<{ status: number; text: string } | null> {
  try {
    const res = await fetch(url, { cache: 'no-store', headers: { 'cache-control': 'no-cache' } });
    return { status: res.status, text: await res.text() };
  } catch {
    return null;
  }
}

/**
 * Polls `urls` in turn every `intervalMs` until `test` holds for each (each URL is dropped once it has passed) or
 * `timeoutMs` passes. Returns, per URL, the milliseconds from `t0` to the end of the first response that passed
 * (null if none did). The time includes one request's round trip, as a reader's reload would.
 */
export async function pollUntil(
  t0: number,
  urls: readonly string[],
  test: (url: string, res: { status: number; text: string }) => boolean,
  { intervalMs = 15, timeoutMs = 60_000 } = {},
): Promise<Map<string, number | null>> {
  const seen = new Map<string, number | null>(urls.map((u) => [u, null]));
  const pending = new Set(urls);
  while (pending.size > 0 && performance.now() - t0 < timeoutMs) {
    for (const url of [...pending]) {
      const res = await get(url);
      const t = performance.now();
      if (res && test(url, res)) {
        seen.set(url, t - t0);
        pending.delete(url);
      }
    }
    if (pending.size > 0) await sleep(intervalMs);
  }
  return seen;
}

/** One message of the live-reload channel, with when it arrived (performance.now()). */
export interface LiveEvent {
  t: number;
  data: string;
}

/** A subscription to the page's live-reload channel. */
export interface LiveChannel {
  kind: 'sse' | 'websocket' | 'none';
  path: string | null;
  events: LiveEvent[];
  /** Whether the connection is (still) open. */
  open(): boolean;
  close(): void;
}

/** Which channel the served page listens on: `new EventSource('…')` or `new WebSocket(…)` in its scripts. */
export function detectChannel(html: string): { kind: 'sse' | 'websocket' | 'none'; path: string | null } {
  const sse = /new\s+EventSource\(\s*['"`]([^'"`]+)['"`]/.exec(html);
  if (sse?.[1]) return { kind: 'sse', path: sse[1] };
  if (/new\s+WebSocket\(/.test(html)) {
    // The address is usually built from location (`ws://${location.host}/__danlu/ws`): take the path part.
    const path = /WebSocket\([^)]*?(\/__[\w-]+\/[\w/-]*)/.exec(html)?.[1] ?? /['"`](\/__danlu\/[\w/-]*)['"`]/.exec(html)?.[1] ?? null;
    return { kind: 'websocket', path };
  }
  if (html.includes('EventSource')) return { kind: 'sse', path: /['"`](\/__danlu\/[\w/-]*)['"`]/.exec(html)?.[1] ?? null };
  return { kind: 'none', path: null };
}

/**
 * The channel's address for a tab showing `pagePath`: a page that appends its own path to the address
 * (`'/__danlu/events?path='+encodeURIComponent(location.pathname)`, so that only the tabs whose page changed
 * reload) gets it appended here too.
 */
export function channelFor(channel: { kind: 'sse' | 'websocket' | 'none'; path: string | null }, pagePath: string): { kind: 'sse' | 'websocket' | 'none'; path: string | null } {
  if (!channel.path || !/[=]$/.test(channel.path)) return channel;
  return { ...channel, path: channel.path + encodeURIComponent(pagePath) };
}

/** Subscribes to the channel the page at `origin` uses; events are recorded with their arrival time. */
export function subscribe(origin: string, channel: { kind: 'sse' | 'websocket' | 'none'; path: string | null }): LiveChannel {
  const events: LiveEvent[] = [];
  let alive = false;
  let closer: () => void = () => undefined;
  const { kind, path } = channel;
  if (kind === 'sse' && path) {
    const req = request(new URL(path, origin), { headers: { accept: 'text/event-stream' } }, (res) => {
      alive = res.statusCode === 200;
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        const t = performance.now();
        buf += chunk;
        // Events end with a blank line; comments (`: connected`) are not events.
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:') || l.startsWith('event:')).join('\n');
          if (data) events.push({ t, data });
        }
      });
      res.on('close', () => (alive = false));
    });
    req.on('error', () => (alive = false));
    req.end();
    closer = () => req.destroy();
  } else if (kind === 'websocket' && path) {
    // Node 20 has no WebSocket client: the handshake and unmasked server frames by hand (text frames only).
    const req = request(new URL(path, origin), {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
    });
    req.on('upgrade', (_res, socket) => {
      alive = true;
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        const t = performance.now();
        buf = Buffer.concat([buf, chunk]);
        for (;;) {
          if (buf.length < 2) break;
          const opcode = (buf[0] ?? 0) & 0x0f;
          let len = (buf[1] ?? 0) & 0x7f;
          let at = 2;
          if (len === 126) {
            if (buf.length < 4) break;
            len = buf.readUInt16BE(2);
            at = 4;
          } else if (len === 127) {
            if (buf.length < 10) break;
            len = Number(buf.readBigUInt64BE(2));
            at = 10;
          }
          if (buf.length < at + len) break;
          const payload = buf.subarray(at, at + len);
          buf = buf.subarray(at + len);
          if (opcode === 1) events.push({ t, data: payload.toString('utf8') });
          if (opcode === 8) socket.end();
        }
      });
      socket.on('close', () => (alive = false));
      closer = () => socket.destroy();
    });
    req.on('error', () => (alive = false));
    req.end();
    closer = () => req.destroy();
  }
  return { kind, path, events, open: () => alive, close: () => closer() };
}

/** CPU time (ms) used so far by `pid` and every process below it, from /proc (Linux); null elsewhere. */
export function treeCpuMs(pid: number): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state(3) ppid(4) … utime(14) stime(15), here 0-based from state.
      parent.set(Number(e), Number(f[1]));
      cpu.set(Number(e), Number(f[11]) + Number(f[12]));
    } catch {
      // exited meanwhile
    }
  }
  if (!cpu.has(pid)) return null;
  let ticks = 0;
  for (const [p] of cpu) {
    for (let q: number | undefined = p, hops = 0; q !== undefined && q > 1 && hops < 64; q = parent.get(q), hops++) {
      if (q === pid) {
        ticks += cpu.get(p) ?? 0;
        break;
      }
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/**
 * Waits until the process tree of `pid` has used less than `busyShare` of one CPU over `windowMs`, or `maxMs`
 * passed. Returns how long it waited. Without /proc, sleeps `windowMs * 4`.
 */
export async function settle(pid: number, { windowMs = 800, busyShare = 0.08, maxMs = 120_000 } = {}): Promise<number> {
  const start = performance.now();
  let last = treeCpuMs(pid);
  if (last === null) {
    await sleep(windowMs * 4);
    return performance.now() - start;
  }
  for (;;) {
    await sleep(windowMs);
    const now = treeCpuMs(pid);
    if (now === null) return performance.now() - start;
    if (now - last < windowMs * busyShare || performance.now() - start > maxMs) return performance.now() - start;
    last = now;
  }
}
