/** Semantic rules of an EventBus beyond its shape (spec/eventbus.md §1–§3). */
import type { IssueSink } from '../issues.js';
import type { EventBus } from './eventbus.js';

/** Message for bus kinds that lint accepts but jetflow cannot run. */
export const UNSUPPORTED_BUS = (what: string) =>
  `${what} buses are not supported by jetflow, use jetstream (jetflow run and bus up refuse this bus)`;

const SIZE = /^\d+(\.\d+)?\s*([KMGTP]i?B?|B)?$/i;

export function eventBusSemantics(bus: EventBus, sink: IssueSink): void {
  const spec = bus.spec;
  const kinds = (['jetstream', 'jetstreamExotic', 'nats', 'kafka'] as const).filter(
    (k) => spec[k] !== undefined,
  );
  if (kinds.length === 0) {
    sink.error(['spec'], 'expected exactly one of spec.jetstream or spec.jetstreamExotic, found neither');
    return;
  }
  if (kinds.length > 1) {
    sink.error(
      ['spec'],
      `expected exactly one bus kind, found ${kinds.join(' and ')} (upstream silently picks one)`,
    );
  }
  // Valid Argo Events, so lint accepts them; `jetflow run` and `bus up` refuse to start them.
  if (spec.nats) sink.warn(['spec', 'nats'], UNSUPPORTED_BUS('NATS Streaming'));
  if (spec.kafka) sink.warn(['spec', 'kafka'], UNSUPPORTED_BUS('Kafka'));
  if (spec.jetstream) checkManaged(spec.jetstream, sink);
  if (spec.jetstreamExotic) {
    const ex = spec.jetstreamExotic;
    if (!ex.url) sink.error(['spec', 'jetstreamExotic', 'url'], 'spec.jetstreamExotic.url is missing');
    else checkUrls(ex.url, sink);
  }
}

function checkManaged(js: NonNullable<EventBus['spec']['jetstream']>, sink: IssueSink): void {
  const at = (...p: string[]) => ['spec', 'jetstream', ...p];
  if (!js.version) sink.error(at('version'), 'a version for jetstream needs to be specified');
  else if (js.version === 'latest')
    sink.warn(
      at('version'),
      'version "latest" resolves to the newest nats-server found; pin a version in real deployments',
    );
  if (js.replicas !== undefined) {
    if (js.replicas < 1) sink.error(at('replicas'), `expected replicas >= 1, found ${js.replicas}`);
    else if (js.replicas % 2 === 0)
      sink.warn(
        at('replicas'),
        `${js.replicas} replicas: an even cluster size tolerates no more failures than ${js.replicas - 1}`,
      );
  }
  if (js.maxPayload !== undefined && !SIZE.test(js.maxPayload))
    sink.error(at('maxPayload'), `expected a size such as "1MB" or "512KB", found "${js.maxPayload}"`);
  if (js.settings !== undefined && /(^|\s)store_dir\s*[:=\s]/m.test(js.settings))
    sink.error(
      at('settings'),
      'store_dir cannot be set in settings: jetflow places the store under its data dir',
    );
}

function checkUrls(url: string, sink: IssueSink): void {
  for (const u of url.split(',').map((s) => s.trim())) {
    if (!/^(nats|tls|ws|wss):\/\/[^\s/]+(:\d+)?\/?$/.test(u) && !/^[\w.-]+:\d+$/.test(u))
      sink.error(
        ['spec', 'jetstreamExotic', 'url'],
        `expected a NATS URL such as nats://host:4222, found "${u}"`,
      );
  }
}
