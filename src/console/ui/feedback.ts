import { StemeApiError } from "../../client/api-error.ts";
import { StemeNetworkError } from "../../client/network-error.ts";
import { h, show, type Child } from "./dom.ts";

/**
 * A polite "loading" line for a region whose data is on its way.
 *
 * @example
 * ```ts
 * show(region, loading("claims"));
 * ```
 */
export function loading(what: string): HTMLElement {
  return h("p", { class: "loading", role: "status" }, `Loading ${what}…`);
}

/**
 * What went wrong, for a person: the server's message with its error code and request id (to
 * find it in the server log), and what to do about a refused key.
 *
 * @example
 * ```ts
 * show(region, errorNotice(error));
 * ```
 */
export function errorNotice(error: unknown): HTMLElement {
  const hint =
    error instanceof StemeApiError && (error.status === 401 || error.status === 403)
      ? [" ", h("a", { href: "#/settings" }, "Set the API key in Settings"), "."]
      : error instanceof StemeNetworkError
        ? " The server did not answer; is it running?"
        : "";
  const details =
    error instanceof StemeApiError
      ? ` (${error.code}, HTTP ${error.status}${error.requestId === undefined ? "" : `, request ${error.requestId}`})`
      : "";
  const message = error instanceof Error ? error.message : String(error);
  return h("div", { class: "notice error", role: "alert" }, message, details, hint);
}

/**
 * Shows what `load` makes in `region`, or the error it threw: a loading line first when the
 * region is empty, else the old content stays (marked busy) until the new one replaces it, so a
 * refresh does not flicker. Nothing is shown once `signal` is aborted: the user has moved on.
 *
 * @example
 * ```ts
 * await fill(region, signal, "sources", async () => sourceTable(await client.getSource(hash)));
 * ```
 */
export async function fill(
  region: Element,
  signal: AbortSignal,
  what: string,
  load: () => Promise<Child>,
): Promise<void> {
  if (region.childElementCount === 0) show(region, loading(what));
  region.setAttribute("aria-busy", "true");
  try {
    const content = await load();
    if (!signal.aborted) show(region, content);
  } catch (error) {
    if (!signal.aborted) show(region, errorNotice(error));
  } finally {
    region.removeAttribute("aria-busy");
  }
}

/**
 * A status line that says what an action did, read out by screen readers.
 *
 * @example
 * ```ts
 * show(status, done("Approved 6145d1a8c0"));
 * ```
 */
export function done(message: string): HTMLElement {
  return h("p", { class: "notice ok", role: "status" }, message);
}
