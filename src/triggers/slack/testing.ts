/**
 * Test support: a local HTTP server that speaks the part of the Slack Web API the trigger uses
 * (`POST /api/chat.postMessage` with a bot token, Slack's `ok`/`error` answers). Never imported by the
 * runtime.
 * @module
 */
import { startHttpPeer, type Answer, type HttpPeer, type RecordedRequest } from '../http/testing.js';

export interface FakeSlack {
  /** Base URL to configure (`.../api/`). */
  apiUrl: string;
  peer: HttpPeer;
  /** JSON bodies of the accepted posts. */
  posts: Record<string, unknown>[];
  stop(): Promise<void>;
}

export interface FakeSlackOptions {
  token: string;
  /** Channels that exist (names without `#`). @default ['general'] */
  channels?: string[];
  /** Override the answer (e.g. rate limiting); `undefined` falls through to the normal behaviour. */
  override?: (req: RecordedRequest, n: number) => Answer | undefined;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** Start the fake Slack API on a free loopback port. */
export async function startFakeSlack(opts: FakeSlackOptions): Promise<FakeSlack> {
  const channels = new Set(opts.channels ?? ['general']);
  const posts: Record<string, unknown>[] = [];
  let n = 0;
  let seq = 100;
  const peer = await startHttpPeer({
    answer(req) {
      n++;
      const o = opts.override?.(req, n);
      if (o) return o;
      if (req.method !== 'POST' || req.url !== '/api/chat.postMessage')
        return json(404, { ok: false, error: 'unknown_method' });
      if (req.headers.authorization !== `Bearer ${opts.token}`)
        return json(200, { ok: false, error: 'invalid_auth' });
      const body = JSON.parse(req.body) as Record<string, unknown>;
      if (!channels.has(String(body.channel))) return json(200, { ok: false, error: 'channel_not_found' });
      posts.push(body);
      return json(200, { ok: true, channel: `C-${String(body.channel)}`, ts: `1700000000.000${seq++}` });
    },
  });
  return { apiUrl: `${peer.url}/api/`, peer, posts, stop: () => peer.stop() };
}
