import { createNatsDriver } from '/work/main/src/triggers/nats/driver.js';
import { captureLogs, contractContext, secretStoreOf } from '/work/main/src/triggers/contract.js';
import net from 'node:net';
const server = net.createServer(() => {});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `nats://127.0.0.1:${(server.address() as any).port}`;
const ac = new AbortController();
setTimeout(() => { console.log('abort at', Date.now() - t0); ac.abort(); }, 200);
const cap = captureLogs();
const ctx = contractContext('nats', cap, secretStoreOf({}), { signal: ac.signal });
const t0 = Date.now();
const p = await createNatsDriver({ timeoutMs: 1000 }).prepare({ url, subject: 'x', payload: [] }, ctx);
try { await p.execute({ url, subject: 'x', payload: [] }, {}, ctx); } catch (e) { console.log(Date.now() - t0, (e as Error).message); }
await p.close();
server.close();
