/**
 * Minimal Reflect metadata polyfill. `@peculiar/x509` uses tsyringe, which refuses to load without
 * `Reflect.getMetadata`; `reflect-metadata` is not a dependency, and tsyringe only needs these three
 * functions. Imported for its side effect before `@peculiar/x509`; does nothing if a polyfill exists.
 * @module
 */
type MetaKey = unknown;
type Store = Map<string | symbol | undefined, Map<MetaKey, unknown>>;

const stores = new WeakMap<object, Store>();

function ownMap(target: object, prop: string | symbol | undefined, create: boolean) {
  let store = stores.get(target);
  if (!store) {
    if (!create) return undefined;
    store = new Map();
    stores.set(target, store);
  }
  let map = store.get(prop);
  if (!map && create) {
    map = new Map();
    store.set(prop, map);
  }
  return map;
}

const R = Reflect as any;
if (typeof R.getMetadata !== 'function') {
  R.defineMetadata = (key: MetaKey, value: unknown, target: object, prop?: string | symbol) => {
    ownMap(target, prop, true)!.set(key, value);
  };
  R.getOwnMetadata = (key: MetaKey, target: object, prop?: string | symbol) =>
    ownMap(target, prop, false)?.get(key);
  R.getMetadata = (key: MetaKey, target: object, prop?: string | symbol) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t)) {
      const map = ownMap(t, prop, false);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
}
