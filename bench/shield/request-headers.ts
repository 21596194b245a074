import http from "node:http";
import { syncBuiltinESMExports } from "node:module";

let extra: Readonly<Record<string, string>> = {};
let installed = false;

/**
 * Adds `headers` to every request this process sends through `node:http`'s `request` from now on
 * (the request's own headers win on a clash); `{}` adds none.
 *
 * Why a patch: the Shield benchmark drives the server with `bench/http`'s closed loop, whose
 * `sendRequest` sends only `content-type` and `content-length`, and the Shield needs an API key
 * (`Authorization: Bearer`) or an `X-Agent-Id` on every request. Replacing `request` on the
 * module and publishing it with `syncBuiltinESMExports` (the documented way to update the named
 * exports ESM importers see) reaches the closed loop without a copy of it. It is only ever
 * installed in the load generator's own process (`load-worker.ts`), never in the server's.
 *
 * @example
 * ```ts
 * setRequestHeaders({ authorization: `Bearer ${key}` });
 * await runClosedLoop(plan, options); // every request carries the key
 * ```
 */
export function setRequestHeaders(headers: Readonly<Record<string, string>>): void {
  if (!installed) install();
  extra = headers;
}

function install(): void {
  const original = http.request;
  function request(...args: unknown[]): http.ClientRequest {
    const [first, second] = args;
    if (typeof second === "object" && second !== null) args[1] = withExtra(second);
    else if (typeof first === "object" && first !== null && !(first instanceof URL)) {
      args[0] = withExtra(first);
    } else args.splice(1, 0, withExtra({}));
    return Reflect.apply(original, http, args) as http.ClientRequest;
  }
  (http as { request: unknown }).request = request;
  syncBuiltinESMExports();
  installed = true;
}

function withExtra(options: http.RequestOptions): http.RequestOptions {
  const own: unknown = options.headers;
  if (Array.isArray(own)) {
    throw new TypeError("Cannot add headers to a request whose headers are a raw array: pass an object");
  }
  return { ...options, headers: { ...extra, ...(own as http.OutgoingHttpHeaders | undefined) } };
}
