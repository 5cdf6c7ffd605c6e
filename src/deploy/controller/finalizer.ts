/**
 * The EventBus finalizer (`EVENTBUS_FINALIZER`): pure decisions, loop.ts makes the calls. A bus keeps
 * the finalizer while it exists; once deleted (deletionTimestamp set) the finalizer stays, and the bus
 * with it, while EventSources or Sensors of its namespace name it — their pods would lose their bus
 * and their stream. When none does, the finalizer is removed and the API server completes the delete.
 * @module
 */
import { ARGO_API_VERSION, EVENTBUS_FINALIZER } from '../../api/index.js';
import { ARGO_KINDS } from '../crds/index.js';
import type { ControllerClient } from './apply.js';
import type { KubeObj } from './plan.js';

/** What a bus reconcile does about its finalizer. */
export type FinalizerStep =
  { op: 'add' } | { op: 'hold'; users: string[] } | { op: 'release' } | { op: 'none' };

/** `Kind/name` of each EventSource/Sensor that uses bus `busName` (`spec.eventBusName`, default "default"). */
export function busUsers(busName: string, clients: KubeObj[]): string[] {
  return clients
    .filter((o) => ((o.spec as { eventBusName?: string } | undefined)?.eventBusName || 'default') === busName)
    .map((o) => `${o.kind}/${o.metadata.name ?? ''}`)
    .sort();
}

export function hasFinalizer(bus: KubeObj): boolean {
  return (bus.metadata.finalizers ?? []).includes(EVENTBUS_FINALIZER);
}

/** The step for a bus, given its users (only looked at once it is being deleted). */
export function finalizerStep(bus: KubeObj, users: string[]): FinalizerStep {
  if (!bus.metadata.deletionTimestamp) return hasFinalizer(bus) ? { op: 'none' } : { op: 'add' };
  // deleted before the controller added the finalizer: nothing of ours holds it
  if (!hasFinalizer(bus)) return { op: 'none' };
  return users.length ? { op: 'hold', users } : { op: 'release' };
}

/** The bus with the finalizer added or removed (other controllers' finalizers kept, in order). */
export function withFinalizer(bus: KubeObj, present: boolean): KubeObj {
  const others = (bus.metadata.finalizers ?? []).filter((f) => f !== EVENTBUS_FINALIZER);
  return {
    ...bus,
    metadata: { ...bus.metadata, finalizers: present ? [...others, EVENTBUS_FINALIZER] : others },
  };
}

/** The condition message of a held delete: names what still uses the bus. */
export function heldMessage(users: string[]): string {
  return `deletion waits until no EventSource or Sensor uses this EventBus; in use by ${users.join(', ')}`;
}

/** What `reconcileBusFinalizer` needs from the controller. */
export interface FinalizerDeps {
  /** The EventSources and Sensors of a namespace (with `kind` set). */
  listClients(namespace: string): Promise<KubeObj[]>;
  /** Replace the bus; returns it as stored. */
  replace(bus: KubeObj): Promise<KubeObj>;
  /** Report a held delete in the bus's status. */
  hold(bus: KubeObj, users: string[]): Promise<void>;
}

/**
 * The finalizer part of a bus reconcile. Returns the bus to render and apply (as stored, after the
 * finalizer was added), or `undefined` when it is being deleted: held (status says by whom) or released.
 */
export async function reconcileBusFinalizer(bus: KubeObj, deps: FinalizerDeps): Promise<KubeObj | undefined> {
  const deleting = !!bus.metadata.deletionTimestamp;
  const users = deleting
    ? busUsers(bus.metadata.name ?? '', await deps.listClients(bus.metadata.namespace ?? 'default'))
    : [];
  const step = finalizerStep(bus, users);
  if (step.op === 'add') return deps.replace(withFinalizer(bus, true));
  if (step.op === 'hold') await deps.hold(bus, step.users);
  // the API server deletes the bus once its finalizers are empty; the garbage collector its objects
  if (step.op === 'release') await deps.replace(withFinalizer(bus, false));
  return deleting ? undefined : bus;
}

/** The dependencies through the controller's client; `hold` writes the status (loop.ts). */
export function busFinalizerDeps(client: ControllerClient, hold: FinalizerDeps['hold']): FinalizerDeps {
  return {
    listClients: async (namespace) => {
      const lists = (['EventSource', 'Sensor'] as const).map(async (kind) => {
        const { items } = await client.listCustom(ARGO_API_VERSION, ARGO_KINDS[kind].plural, namespace);
        return items.map((o) => ({ ...o, kind }));
      });
      return (await Promise.all(lists)).flat();
    },
    // apiVersion/kind as read: render needs them, whatever the answer carries
    replace: async (bus) => ({
      ...(await client.replaceCustom(bus, ARGO_KINDS.EventBus.plural)),
      apiVersion: bus.apiVersion,
      kind: bus.kind,
    }),
    hold,
  };
}
