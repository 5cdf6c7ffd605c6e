// A paced HTTP/1.1 load client (wrk2-style), run as its own process so it does not share the event loop
// of the server it measures: POSTs `BODY` to URL at RATE requests/s for SECONDS over at most CONNECTIONS
// keep-alive sockets. Latency runs from the moment a request is issued (the same point as the `A latency`
// baseline's publish call) to its complete answer; a request waiting for a free socket (the server
// stalled) waits on the clock, so a stall still counts against every request it delayed. Timers fire at
// ~1 ms granularity, so requests go out in small bursts at the due tick, as in `paced()`. Prints one JSON line.
// Usage: node --import tsx paced-client.ts URL RATE SECONDS CONNECTIONS BODY
import http from 'node:http';

const [url, rateArg, secondsArg, connsArg, body] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const rate = Number(rateArg);
const total = Math.round(rate * Number(secondsArg));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connsArg) });
const u = new URL(url);
const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
const latencies = new Float64Array(total);
let done = 0;
let ok = 0;
let errors = 0;

function send(i: number, due: number): void {
  const req = http.request(
    { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers },
    (res) => {
      res.resume();
      res.on('end', () => finish(i, due, res.statusCode! >= 200 && res.statusCode! < 300));
    },
  );
  req.on('error', () => finish(i, due, false));
  req.end(body);
}

function finish(i: number, due: number, success: boolean): void {
  latencies[i] = performance.now() - due;
  if (success) ok++;
  else errors++;
  if (++done === total) report();
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function report(): void {
  const s = Array.from(latencies).sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  const out = { ok, errors, p50: r(pct(s, 50)), p99: r(pct(s, 99)), p999: r(pct(s, 99.9)) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  agent.destroy();
}

const t0 = performance.now();
let sent = 0;
function tick(): void {
  const now = performance.now();
  const due = Math.min(total, Math.floor(((now - t0) / 1000) * rate) + 1);
  while (sent < due) {
    send(sent, performance.now());
    sent++;
  }
  if (sent < total) setTimeout(tick, 1);
}
tick();
