/**
 * `jetflow replay SENSOR -f PATH --from TIME|SEQ [--to TIME|SEQ] [--trigger T] [--dependency D]
 * [--dry-run] [-o json]`: re-deliver stored events of the stream to a sensor's triggers through an
 * ephemeral consumer (src/sensors/replay.ts: the durables and the KV state are not touched). Finds the
 * Sensor and its bus as `jetflow sensor` does. Progress goes to stderr, the events (dry run) and the
 * summary to stdout. Exit 1 on bad input or when any execution failed.
 * @module
 */
import { Option } from 'commander';
import pino from 'pino';
import type { Sensor } from '../../api/index.js';
import { connectBus, resolveBusTarget, type NatsConnection } from '../../bus/index.js';
import { DEFAULT_DATA_DIR } from '../../bus/local/index.js';
import { describeBounds, runReplay, type ReplayedEvent, type ReplaySummary } from '../../sensors/index.js';
import { triggerDriver } from '../../triggers/index.js';
import { fail, loadNamed } from '../component.js';
import type { RegisterCommand } from './types.js';

interface ReplayOpts {
  file: string[];
  trigger?: string;
  dependency?: string;
  from: string;
  to?: string;
  dryRun?: boolean;
  output: 'text' | 'json';
  busUrl?: string;
  dataDir: string;
  secretsDir?: string;
  logLevel: string;
}

export const registerReplay: RegisterCommand = (program, setExitCode) => {
  program
    .command('replay')
    .description("re-deliver stored events to a Sensor's triggers (the durables are not touched)")
    .argument('<name>', 'metadata.name of the Sensor')
    .requiredOption(
      '-f, --file <path...>',
      'files or directories with the Sensor (and its EventBus, Secrets, ConfigMaps)',
    )
    .requiredOption(
      '--from <time|seq>',
      'first event: a stream sequence, an RFC 3339 time, or a duration before now (-1h, "30m ago")',
    )
    .option('--to <time|seq>', 'last event, inclusive (default: the last one stored when the replay starts)')
    .option('--trigger <name>', 'only this trigger (default: every trigger of the Sensor)')
    .option('--dependency <name>', 'only events of this dependency')
    .option('--dry-run', 'print the events and the filter verdicts, fire nothing')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option(
      '--bus-url <url>',
      'NATS URL(s) of the bus, comma-separated (default: the EventBus in the files / the local bus)',
    )
    .option('--data-dir <dir>', 'data dir of the local bus', DEFAULT_DATA_DIR)
    .option('--secrets-dir <dir>', 'directory of <secret-name>/<key> files')
    .option('--log-level <level>', 'log level of the trigger drivers (stderr)', 'warn')
    .action(async (name: string, opts: ReplayOpts) => setExitCode(await runReplayCommand(name, opts)));
};

async function runReplayCommand(name: string, opts: ReplayOpts): Promise<number> {
  const logger = pino({ level: opts.logLevel, base: { pid: process.pid } }, pino.destination(2));
  const found = await loadNamed<Sensor>('Sensor', name, opts.file, opts.secretsDir);
  if ('error' in found) return fail(found.error, found.details);
  const { resource: sensor, secrets, eventBus, busName } = found;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let nc: NatsConnection | undefined;
  try {
    const target = await resolveBusTarget({
      busUrl: opts.busUrl,
      eventBus,
      busName,
      dataDir: opts.dataDir,
      secrets,
    });
    nc = await connectBus({ ...target.connect, name: `jetflow-replay-${name}`, logger });
    const json = opts.output === 'json';
    const events: ReplayedEvent[] = [];
    const summary = await runReplay(
      { sensor, trigger: opts.trigger, dependency: opts.dependency, from: opts.from, to: opts.to },
      { nc, logger, secrets, drivers: triggerDriver },
      {
        dryRun: opts.dryRun === true,
        signal: abort.signal,
        onProgress: ({ done, total }) => process.stderr.write(`replay: ${done}/${total}\n`),
        onEvent: (e) => {
          if (json) {
            if (opts.dryRun || e.fires.length) events.push(e);
          } else if (opts.dryRun) process.stdout.write(eventLine(e));
          else for (const f of e.fires) if (f.outcome !== 'succeeded') process.stdout.write(eventLine(e));
        },
      },
    );
    process.stdout.write(
      json ? `${JSON.stringify({ ...summary, events }, null, 2)}\n` : summaryText(summary),
    );
    return summary.failed > 0 || summary.aborted ? 1 : 0;
  } catch (err) {
    if (err instanceof Error) return fail(err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await nc?.close().catch(() => undefined);
  }
}

/** `seq time subject id` then each dependency's verdict and what fired (or would). */
export function eventLine(e: ReplayedEvent): string {
  const head = `#${e.seq} ${e.time} ${e.subject}${e.eventId ? ` id=${e.eventId}` : ''}`;
  if (e.skipped) return `${head}\n    skipped: ${e.skipped}\n`;
  const deps = e.dependencies.map(
    (d) => `    ${d.dependency}: ${d.passed ? 'passed' : 'rejected'} (${d.reason})\n`,
  );
  const fires = e.fires.map(
    (f) => `    → ${f.trigger} ${f.outcome ?? 'would fire'} (${f.dependencies.join(', ')})\n`,
  );
  return `${head}\n${deps.join('')}${fires.join('') || '    → no trigger fires\n'}`;
}

export function summaryText(s: ReplaySummary): string {
  const range = s.firstSeq === undefined ? 'no events in the range' : `sequences ${s.firstSeq}..${s.lastSeq}`;
  const fired = s.dryRun ? `would fire ${s.fired}` : `fired ${s.fired}, failed ${s.failed}`;
  return [
    `replay ${s.replayId}${s.dryRun ? ' (dry run)' : ''} of ${s.sensor} → ${s.triggers.join(', ')}: ${range}`,
    `  scanned ${s.scanned}, matched ${s.matched}, rejected ${s.rejected}, ${fired}${s.aborted ? ', ABORTED' : ''}`,
    `  (${describeBounds(s.stream)} when it started)`,
    '',
  ].join('\n');
}
