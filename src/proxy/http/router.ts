// Exact-path routes for the API. Handlers may throw HttpError; the app turns it into a
// problem-details response.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type RouteMatch = { handler: Handler } | { allowed: string[] } | undefined;

export class Router {
  readonly #routes = new Map<string, Map<string, Handler>>();

  add(method: string, path: string, handler: Handler): void {
    let byMethod = this.#routes.get(path);
    if (!byMethod) {
      byMethod = new Map();
      this.#routes.set(path, byMethod);
    }
    byMethod.set(method, handler);
  }

  /** The handler, or the methods the path allows (405), or undefined (no such path). */
  match(method: string, path: string): RouteMatch {
    const byMethod = this.#routes.get(path);
    if (!byMethod) return undefined;
    const handler = byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined);
    return handler ? { handler } : { allowed: [...byMethod.keys()] };
  }
}
