/**
 * `POST /api/v1/sensors/:name/triggers/:trigger/replay` with `{from, to?, dependency?, dryRun?,
 * confirm?}`: without `confirm`, a dry run that answers how many events match and the first few with
 * their verdicts (the dashboard's confirmation); with `confirm`, the replay itself (or a full dry run
 * with `dryRun`) and its summary. The runtime runs it (RuntimeView.replay) with its own bus connection.
 * @module
 */
import type { ReplaySummary } from '../sensors/index.js';
import { BadRequestError, HttpError, NotFoundError } from './errors.js';
import type { RuntimeView } from './types.js';

/** Events of the plan shown with their verdicts. */
export const REPLAY_SAMPLES = 10;

interface ReplayBody {
  from: string;
  to?: string;
  dependency?: string;
  dryRun: boolean;
  confirm: boolean;
}

/** Validate the JSON body. @throws BadRequestError */
export function parseReplayBody(text: string): ReplayBody {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BadRequestError('the body must be a JSON object');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BadRequestError('the body must be a JSON object');
  const o = v as Record<string, unknown>;
  const str = (k: string, required = false): string | undefined => {
    const x = o[k];
    if (x === undefined || x === null || x === '') {
      if (required) throw new BadRequestError(`"${k}" is required`);
      return undefined;
    }
    if (typeof x === 'number' && Number.isInteger(x)) return String(x);
    if (typeof x !== 'string') throw new BadRequestError(`"${k}" must be a string or a sequence number`);
    return x;
  };
  const bool = (k: string): boolean => {
    const x = o[k];
    if (x === undefined) return false;
    if (typeof x !== 'boolean') throw new BadRequestError(`"${k}" must be true or false`);
    return x;
  };
  return {
    from: str('from', true)!,
    to: str('to'),
    dependency: str('dependency'),
    dryRun: bool('dryRun'),
    confirm: bool('confirm'),
  };
}

/** The answer: a plan (count and samples) or the summary of the run. */
export async function replayAnswer(view: RuntimeView, sensorName: string, trigger: string, body: ReplayBody) {
  const s = view.sensors().find((x) => x.resource.metadata.name === sensorName);
  if (!s) throw new NotFoundError(`no sensor named ${sensorName}`);
  const names = s.resource.spec.triggers.map((t) => t.template.name);
  if (!names.includes(trigger))
    throw new NotFoundError(
      `sensor ${sensorName} has no trigger ${trigger} (its triggers: ${names.join(', ')})`,
    );
  if (!view.replay) throw new HttpError(501, 'this process cannot replay (no bus connection)');
  const req = { sensor: s.resource, trigger, dependency: body.dependency, from: body.from, to: body.to };
  if (!body.confirm) {
    const plan = await view.replay(req, { dryRun: true, samples: REPLAY_SAMPLES });
    return { confirmed: false, ...counts(plan), events: plan.events };
  }
  const run = await view.replay(req, { dryRun: body.dryRun, samples: 0 });
  return { confirmed: true, ...counts(run) };
}

function counts(s: ReplaySummary) {
  return {
    replayId: s.replayId,
    dryRun: s.dryRun,
    sensor: s.sensor,
    trigger: s.triggers[0],
    scanned: s.scanned,
    matched: s.matched,
    rejected: s.rejected,
    fired: s.fired,
    failed: s.failed,
    aborted: s.aborted,
    ...(s.firstSeq !== undefined && { firstSeq: s.firstSeq, lastSeq: s.lastSeq }),
    stream: s.stream,
  };
}
