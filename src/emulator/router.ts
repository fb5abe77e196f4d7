/**
 * A tiny path router. ARM matches path segments case-insensitively, so literal segments compile to
 * case-insensitive regexes while parameters keep the caller's casing.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { OperationKind } from './stats';

export type RouteTarget = 'arm' | 'dataplane' | 'control';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  url: URL;
}

export interface Route {
  method: string | string[];
  pattern: string;
  target: RouteTarget;
  op?: OperationKind | ((ctx: RouteContext) => OperationKind);
  /** History calls need a bearer token; blob SAS URLs and discovery do not. */
  auth?: boolean;
  handle(ctx: RouteContext): Promise<void> | void;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const parts = route.pattern
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (segment.startsWith(':')) {
        const rest = segment.endsWith('*');
        names.push(segment.slice(1, rest ? -1 : undefined));
        return rest ? '(.+)' : '([^/]+)';
      }
      return escape(segment);
    });
  return { route, names, regex: new RegExp(`^/${parts.join('/')}/?$`, 'i') };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  methodAllowed: boolean;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): void {
    for (const r of routes) this.routes.push(compile(r));
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    let pathOnly: RouteMatch | undefined;
    for (const c of this.routes) {
      const m = c.regex.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      const methods = Array.isArray(c.route.method) ? c.route.method : [c.route.method];
      if (methods.includes(method)) return { route: c.route, params, methodAllowed: true };
      pathOnly ??= { route: c.route, params, methodAllowed: false };
    }
    return pathOnly;
  }
}
