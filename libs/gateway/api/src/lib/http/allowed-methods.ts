import { FastifyInstance } from 'fastify';

/**
 * The methods each known path answers, learnt from Fastify's routes as they are added, so that a
 * request with another method on a known path is answered 405 with `Allow` (RFC 9110 §15.5.6)
 * instead of 404: the path exists, the method does not.
 */
export class AllowedMethods {
  private static readonly byServer = new WeakMap<FastifyInstance, AllowedMethods>();
  private readonly routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  /** The routes of a Fastify instance, as collected by `collect`. */
  static of(fastify: FastifyInstance): AllowedMethods | undefined {
    return AllowedMethods.byServer.get(fastify);
  }

  /** Collects every route Fastify registers from now on (call before the application's init). */
  static collect(fastify: FastifyInstance): AllowedMethods {
    const allowed = new AllowedMethods();
    AllowedMethods.byServer.set(fastify, allowed);
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) allowed.add(method, route.url ?? route.path);
    });
    return allowed;
  }

  add(method: string, url: string): void {
    let entry = this.routes.get(url);
    if (!entry) {
      // `/achievements/:id` → one path segment per parameter; `*` → the rest.
      const source = url
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      entry = { pattern: new RegExp(`^${source}/?$`), methods: new Set() };
      this.routes.set(url, entry);
    }
    entry.methods.add(method.toUpperCase());
  }

  /** The methods a path (without its query) answers, sorted; empty when no route has the path. */
  methodsOf(url: string): string[] {
    const path = url.split('?')[0];
    const methods = new Set<string>();
    for (const { pattern, methods: m } of this.routes.values()) if (pattern.test(path)) m.forEach((x) => methods.add(x));
    return [...methods].sort();
  }
}
