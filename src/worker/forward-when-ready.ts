/**
 * An object whose every method waits for the real implementation before calling it, so the worker can
 * expose its API at once while the database is still opening. Generic over the API, so the method list
 * is written only where the API is implemented.
 */
export function forwardWhenReady<T extends object>(ready: Promise<T>): T {
  const target = {} as T;
  return new Proxy(target, {
    get(_, name) {
      // Not a method of any API: keeps the forwarder from looking like a promise (then) or a
      // well-known symbol protocol to whoever inspects it.
      if (typeof name !== 'string' || name === 'then') return undefined;
      return async (...args: unknown[]) => {
        const api = await ready;
        const method: unknown = Reflect.get(api, name);
        if (typeof method !== 'function') throw new TypeError(`The sync worker has no method “${name}”.`);
        return Reflect.apply(method, api, args);
      };
    },
  });
}
