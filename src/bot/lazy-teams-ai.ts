import Module from 'node:module';
import path from 'node:path';

/**
 * teams-ai loads its AI planners, OpenAI client, tokenizers, sign-in flows (botbuilder-dialogs, the recognizers'
 * data tables, MSAL) at require time, though JobOps uses none of them: most of the bot's start-up time and idle
 * memory (issue 13, P6). This hook hands teams-ai a lazy stand-in for those modules: the real one is loaded the first
 * time anything on it is touched, so a feature that does use them still works, only later.
 *
 * The same for a few botbuilder and restify dependencies JobOps never uses (RULES). It applies to requires made from
 * those packages' own files only, for the names listed, and must run before teams-ai is
 * first required (src/app.ts and src/bot/create-adapter.ts import it first; JobOps imports teams-ai's Application and
 * TeamsAdapter by their files, not its index, which re-exports everything eagerly).
 */
const lib = (...pkg: string[]): string => `${path.sep}node_modules${path.sep}${pkg.join(path.sep)}${path.sep}lib${path.sep}`;
/** Which requests, made from which package's files, get a lazy stand-in. */
const RULES: { from: string; lazy: Set<string> }[] = [
  { from: lib('@microsoft', 'teams-ai'), lazy: new Set(['./AI', './authentication/Authentication', './Authentication', 'botbuilder-dialogs', '@azure/msal-node', 'axios', 'openai', 'gpt-tokenizer']) },
  // botbuilder: the file transcript store and the skills HTTP client (its streaming is loaded anyway: a class extends it).
  { from: lib('botbuilder'), lazy: new Set(['fs-extra', 'axios']) },
  // restify: HTTP/2 (spdy) and the HTTP signature auth parser plugin.
  { from: lib('restify'), lazy: new Set(['spdy', 'http-signature']) },
];

type Loader = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;
const internal = Module as unknown as { _load: Loader };
let installed = false;
/** What was deferred and whether it has been loaded since: for tests and the start-up log. */
export const deferred = new Map<string, boolean>();

export function installLazyTeamsAi(): void {
  if (installed) return;
  installed = true;
  const load = internal._load;
  internal._load = function lazyLoad(request, parent, isMain) {
    const file = parent?.filename;
    if (!file || !RULES.some((r) => r.lazy.has(request) && file.includes(r.from))) return load.call(this, request, parent, isMain);
    const key = request.startsWith('.') ? path.resolve(path.dirname(file), request) : request;
    if (!deferred.has(key)) deferred.set(key, false);
    let real: object | undefined;
    const target = (): object => {
      if (!real) {
        real = load.call(this, request, parent, isMain) as object;
        deferred.set(key, true);
      }
      return real;
    };
    return new Proxy({}, {
      get: (_t, p) => Reflect.get(target(), p),
      has: (_t, p) => Reflect.has(target(), p),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_t, p) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), p);
        return d ? { ...d, configurable: true } : undefined;
      },
      set: (_t, p, v) => Reflect.set(target(), p, v),
      getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    });
  };
}
