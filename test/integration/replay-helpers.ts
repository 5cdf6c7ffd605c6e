/**
 * Shared by the replay tests: the sensor YAML (an unfiltered `hook` trigger, a `filtered` one that
 * keeps `kind: keep`, an `a && b` trigger, all http to one recording peer) and a publisher that returns
 * each event's stream sequence.
 */
import { randomUUID } from 'node:crypto';
import { eventSubject } from '../../src/api/index.js';
import { jetstream, type NatsConnection } from '../../src/bus/index.js';

export const SENSOR = 'replayed';
export const SOURCE = 'rsrc';

export function replaySensorYaml(peerUrl: string): string {
  const payload = (dep: string) => `[{src: {dependencyName: ${dep}, dataKey: n}, dest: n}]`;
  return `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: ${SENSOR}}
spec:
  dependencies:
    - {name: a, eventSourceName: ${SOURCE}, eventName: a}
    - name: f
      eventSourceName: ${SOURCE}
      eventName: a
      filters:
        data: [{path: kind, type: string, value: [keep]}]
    - {name: x, eventSourceName: ${SOURCE}, eventName: x}
    - {name: y, eventSourceName: ${SOURCE}, eventName: y}
  triggers:
    - template: {name: hook, conditions: a, http: {url: "${peerUrl}/hook", method: POST, payload: ${payload('a')}}}
    - template: {name: filtered, conditions: f, http: {url: "${peerUrl}/filtered", method: POST, payload: ${payload('f')}}}
    - template:
        name: pair
        conditions: "x && y"
        http: {url: "${peerUrl}/pair", method: POST, payload: ${payload('x')}}
`;
}

export interface Published {
  id: string;
  seq: number;
  n: number;
}

/** Publish a CloudEvent of `event` with data `{n, kind}`; its id is `ev-<event>-<n>`. */
export async function publishEvent(
  nc: NatsConnection,
  event: string,
  n: number,
  kind = n % 2 === 0 ? 'keep' : 'drop',
): Promise<Published> {
  const id = `ev-${event}-${n}-${randomUUID().slice(0, 8)}`;
  const envelope = {
    specversion: '1.0',
    id,
    source: SOURCE,
    type: 'test',
    subject: event,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { n, kind },
  };
  const ack = await jetstream(nc).publish(eventSubject(SOURCE, event), JSON.stringify(envelope), {
    msgID: id,
  });
  return { id, seq: ack.seq, n };
}

/** A time strictly after everything published so far, once the clock has passed it. */
export async function boundary(): Promise<Date> {
  const b = Date.now() + 1;
  while (Date.now() <= b) await new Promise((r) => setImmediate(r));
  return new Date(b);
}
