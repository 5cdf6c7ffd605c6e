/**
 * A local HTTP server that speaks the hook-management subset of the providers' REST APIs (GitHub,
 * GitLab, Bitbucket Cloud, Bitbucket Server, Gerrit, Stripe): hooks are kept in memory per collection
 * path, and every request is recorded so tests can check paths, auth headers and bodies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export type Flavor = 'github' | 'gitlab' | 'bitbucket' | 'bitbucketserver' | 'gerrit' | 'stripe';

export interface FakeProvider {
  url: string;
  requests: Recorded[];
  /** Hooks per collection path as sent (encoded, e.g. `/api/v4/projects/g%2Fp/hooks`). */
  hooks: Map<string, any[]>;
  close(): Promise<void>;
}

const COLLECTION: Record<Flavor, RegExp> = {
  github: /^\/(repos\/[^/]+\/[^/]+|orgs\/[^/]+)\/hooks$/,
  gitlab: /^\/api\/v4\/(projects|groups)\/[^/]+\/hooks$/,
  bitbucket: /^\/repositories\/[^/]+\/[^/]+\/hooks$/,
  bitbucketserver: /^\/rest\/api\/1\.0\/projects\/[^/]+\/repos\/[^/]+\/webhooks$/,
  gerrit: /^\/a\/config\/server\/webhooks~projects\/[^/]+\/remotes\/$/,
  stripe: /^\/v1\/webhook_endpoints$/,
};

export async function startFakeProvider(flavor: Flavor): Promise<FakeProvider> {
  const requests: Recorded[] = [];
  const hooks = new Map<string, any[]>();
  let nextId = 1;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      // match on the encoded path (a project `group/name` is one segment), record the decoded one
      const path = url.pathname;
      const type = req.headers['content-type'] ?? '';
      const body =
        raw === ''
          ? undefined
          : type.includes('json')
            ? JSON.parse(raw)
            : Object.fromEntries(new URLSearchParams(raw));
      requests.push({ method: req.method ?? '', path: decodeURIComponent(path), headers: req.headers, body });
      const reply = (status: number, json?: unknown) => {
        const text = json === undefined ? '' : (flavor === 'gerrit' ? ")]}'\n" : '') + JSON.stringify(json);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (flavor === 'bitbucketserver' && /\/repos$/.test(path)) {
        const key = path.split('/')[5];
        return reply(200, { values: [{ slug: 'from-project', project: { key } }], isLastPage: true });
      }
      if (flavor === 'gerrit') return gerrit(req.method ?? '', path, body, reply);
      if (flavor === 'github' && /^\/app\/installations\/\d+\/access_tokens$/.test(path))
        return reply(201, {
          token: 'installation-token',
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        });
      const m = COLLECTION[flavor].exec(path);
      const coll = m ? path : path.replace(/\/[^/]+$/, '');
      const list = hooks.get(coll) ?? [];
      hooks.set(coll, list);
      if (m && req.method === 'GET')
        return reply(
          200,
          flavor === 'bitbucket'
            ? { values: list }
            : flavor === 'bitbucketserver'
              ? { values: list, isLastPage: true }
              : list,
        );
      if (m && req.method === 'POST') {
        const id = flavor === 'bitbucket' ? `{uuid-${nextId++}}` : nextId++;
        const hook = flavor === 'bitbucket' ? { uuid: id, ...body } : { id, ...body };
        list.push(hook);
        return reply(201, hook);
      }
      const id = decodeURIComponent(path.slice(coll.length + 1));
      const i = list.findIndex((h) => String(h.id ?? h.uuid) === id);
      if (i < 0) return reply(404, { message: 'Not Found' });
      if (req.method === 'DELETE') {
        list.splice(i, 1);
        return reply(204);
      }
      if (req.method === 'PUT') {
        list[i] = { ...list[i], ...body };
        return reply(200, list[i]);
      }
      reply(405, { message: 'method not allowed' });
    });
  });

  // Gerrit's webhooks plugin: remotes are a name → config map per project.
  function gerrit(method: string, path: string, body: any, reply: (s: number, j?: unknown) => void) {
    const m = /^(\/a\/config\/server\/webhooks~projects\/[^/]+\/remotes\/)([^/]*)\/?$/.exec(path);
    if (!m) return reply(404);
    const coll = m[1]!;
    const list = hooks.get(coll) ?? [];
    hooks.set(coll, list);
    if (method === 'GET' && m[2] === '') return reply(200, Object.fromEntries(list.map((h) => [h.name, h])));
    if (method === 'PUT') {
      const i = list.findIndex((h) => h.name === m[2]);
      const hook = { name: m[2], ...body };
      if (i >= 0) list[i] = hook;
      else list.push(hook);
      return reply(201, hook);
    }
    if (method === 'DELETE') {
      const i = list.findIndex((h) => h.name === m[2]);
      if (i < 0) return reply(404);
      list.splice(i, 1);
      return reply(204);
    }
    reply(405);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hooks,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
