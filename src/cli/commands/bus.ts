/**
 * `jetflow bus up|status|down`: run a local JetStream bus in the foreground, inspect it, stop it.
 * `status` exits 0 only when the bus is ready; `down` exits 1 when there is no such bus.
 * @module
 */
import type { Command } from 'commander';
import { formatIssue, JetflowError, ValidationError } from '../../api/index.js';
import {
  busLayout,
  DEFAULT_DATA_DIR,
  listBusNames,
  loadControllerConfig,
  loadEventBusFile,
  LocalBusError,
  probeBusState,
  readBusState,
  startLocalBus,
  stopBusByState,
  type BusLogger,
  type BusProbe,
} from '../../bus/local/index.js';
import type { RegisterCommand } from './types.js';

interface CommonOpts {
  dataDir: string;
  name?: string;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

/** Log lines on stderr: `bus: WARN message key=value …` (the supervisor never logs secrets). */
function stderrLogger(verbose: boolean): BusLogger {
  const line =
    (level: string) =>
    (obj: object, msg = '') => {
      const fields = Object.entries(obj)
        .filter(([k]) => k !== 'bus')
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      err(`bus: ${level} ${msg}${fields.length ? ` ${fields.join(' ')}` : ''}`);
    };
  return {
    debug: verbose ? line('DEBUG') : () => {},
    info: line('INFO'),
    warn: line('WARN'),
    error: line('ERROR'),
  };
}

function reportError(e: unknown): number {
  if (e instanceof LocalBusError || e instanceof ValidationError) {
    err(`error: ${e.message}`);
    if (e.issues.length > 1) for (const i of e.issues) err(`  ${formatIssue(i)}`);
    return 1;
  }
  if (e instanceof JetflowError) {
    err(`error: ${e.message}`);
    return 1;
  }
  throw e;
}

/** `--name`, else the only bus with state under the data dir, else `default`. */
async function busName(o: CommonOpts): Promise<string> {
  if (o.name) return o.name;
  const names = await listBusNames(o.dataDir);
  return names.length === 1 ? names[0]! : 'default';
}

async function up(o: CommonOpts & { file: string; config?: string; verbose?: boolean }): Promise<number> {
  const logger = stderrLogger(!!o.verbose);
  const started = Date.now();
  // Signals are taken from the start: the servers run in their own process group, so a Ctrl-C that
  // killed us during start-up would leave them running.
  let stopRequested = false;
  let wake: (() => void) | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    err(stopRequested ? 'bus: still stopping…' : `bus: ${sig}: stopping (lame duck)…`);
    stopRequested = true;
    wake?.();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    let bus;
    try {
      const loaded = await loadEventBusFile(o.file, o.name);
      for (const w of loaded.warnings) logger.warn({}, formatIssue(w));
      const controllerConfig = await loadControllerConfig({ file: o.config });
      bus = await startLocalBus({
        name: loaded.name,
        spec: loaded.spec,
        dataDir: o.dataDir,
        controllerConfig,
        logger,
      });
    } catch (e) {
      return reportError(e);
    }
    const s = bus.status();
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    out(`EventBus ${bus.name} is ready: ${s.nodes.length} node(s), nats-server ${s.version}, in ${secs} s`);
    out(`  client URLs:  ${bus.clientUrls.join(',')}`);
    out(`  credentials:  ${bus.credentialsFile}  (username/password YAML, TLS required)`);
    out(`  CA:           ${bus.caFile}`);
    out(`  state:        ${busLayout(o.dataDir, bus.name).stateFile}`);
    out(`Stop with Ctrl-C or \`jetflow bus down --name ${bus.name} --data-dir ${o.dataDir}\`.`);
    if (!stopRequested) await new Promise<void>((resolve) => (wake = resolve));
    await bus.stop();
    out(`EventBus ${bus.name} stopped`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal).removeListener('SIGTERM', onSignal);
  }
}

function describe(p: BusProbe, version: string): string[] {
  const up = p.nodes.filter((n) => n.alive && n.probe.healthy).length;
  const head = p.ready
    ? 'ready'
    : p.stoppedAt && !p.nodes.some((n) => n.alive)
      ? `stopped at ${p.stoppedAt}`
      : 'NOT ready';
  const lines = [
    `EventBus ${p.name} (nats-server ${version}): ${head}; ${up}/${p.nodes.length} nodes up` +
      `${p.metaLeader ? `, meta leader ${p.metaLeader}` : ''}${p.streams !== undefined ? `, ${p.streams} stream(s)` : ''}`,
    `supervisor pid ${p.supervisorPid}: ${p.supervisorRunning ? 'running' : 'not running'}`,
    'NODE  SERVER                              PID      PROCESS  HEALTH       CLIENT  CLUSTER  MONITOR  RESTARTS',
  ];
  for (const n of p.nodes) {
    const health = n.probe.healthy ? 'ok' : n.probe.reachable ? 'unhealthy' : 'unreachable';
    lines.push(
      [
        String(n.index).padEnd(5),
        n.serverName.padEnd(35),
        String(n.pid ?? '-').padEnd(8),
        (n.alive ? 'up' : 'down').padEnd(8),
        health.padEnd(12),
        String(n.ports.client).padEnd(7),
        String(n.ports.cluster).padEnd(8),
        String(n.ports.monitor).padEnd(8),
        String(n.restarts),
      ].join(' '),
    );
    if (!n.probe.healthy && n.alive && n.probe.error) lines.push(`      ${n.probe.error}`);
  }
  return lines;
}

async function status(o: CommonOpts & { output?: string }): Promise<number> {
  try {
    const name = await busName(o);
    const state = await readBusState(o.dataDir, name);
    if (!state) {
      err(`error: no EventBus ${name} has run under ${o.dataDir}`);
      return 1;
    }
    const p = await probeBusState(state);
    if (o.output === 'json')
      out(
        JSON.stringify(
          {
            ...p,
            version: state.version,
            clientUrls: state.clientUrls,
            caFile: state.caFile,
            credentialsFile: state.credentialsFile,
          },
          null,
          2,
        ),
      );
    else for (const l of describe(p, state.version)) out(l);
    return p.ready ? 0 : 1;
  } catch (e) {
    return reportError(e);
  }
}

async function down(o: CommonOpts & { timeout: string }): Promise<number> {
  try {
    const name = await busName(o);
    const r = await stopBusByState(o.dataDir, name, { timeoutMs: Number(o.timeout) * 1000 });
    if (!r.found) {
      err(`error: no EventBus ${name} has run under ${o.dataDir}`);
      return 1;
    }
    if (r.supervisorSignalled) out(`EventBus ${name}: supervisor stopped`);
    if (r.serversSignalled.length)
      out(`EventBus ${name}: stopped nats-server pids ${r.serversSignalled.join(', ')}`);
    if (!r.supervisorSignalled && !r.serversSignalled.length) out(`EventBus ${name} was not running`);
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

const common = (c: Command) =>
  c
    .option('--data-dir <dir>', 'where buses keep their files', DEFAULT_DATA_DIR)
    .option('--name <name>', 'EventBus name');

/** Registers `jetflow bus`. */
export const registerBus: RegisterCommand = (program, setExitCode) => {
  const bus = program
    .command('bus')
    .description('run and inspect a local JetStream event bus (spec.jetstream)');
  common(bus.command('up').description('start the EventBus in the foreground; Ctrl-C stops it'))
    .requiredOption('-f, --file <path>', 'YAML file or directory holding the EventBus')
    .option('--config <file>', 'controller config (default: $JETFLOW_CONFIG, else built-in defaults)')
    .option('-v, --verbose', 'debug logs')
    .action(async (o) => setExitCode(await up(o)));
  common(bus.command('status').description('nodes, health, meta leader and streams of a bus'))
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (o) => setExitCode(await status(o)));
  common(bus.command('down').description('stop a running bus (its supervisor, else its servers)'))
    .option('--timeout <seconds>', 'lame-duck wait before SIGKILL', '40')
    .action(async (o) => setExitCode(await down(o)));
};
