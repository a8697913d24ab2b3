/** An HTTP client for server tests that sends request targets byte for byte. */
import { request, type Agent } from 'node:http';

/** One raw request (the path is sent exactly as given, not normalised by a URL parser). */
export function rawGet(port: number, target: string, agent?: Agent): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: 'GET', ...(agent ? { agent } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject).end();
  });
}
