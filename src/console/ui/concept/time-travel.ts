import { h } from "../dom.ts";
import { formatTime } from "../format.ts";

/**
 * The stops of the time-travel slider: the distinct instants claims were made, oldest first, and
 * `asOf` among them when it is not one; the slider's last position is "now".
 *
 * @example
 * ```ts
 * timelineStops(["2026-01-02T00:00:00.000Z", "2026-01-01T00:00:00.000Z"], undefined);
 * // ["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"]
 * ```
 */
export function timelineStops(claimTimes: readonly string[], asOf: string | undefined): string[] {
  const times = new Set(claimTimes.map(normalize));
  if (asOf !== undefined) times.add(normalize(asOf));
  return [...times].sort();
}

/**
 * The time-travel control: a slider whose stops are the instants claims were made, then "now".
 * Moving it (mouse, touch, or arrow keys one claim at a time) calls `onChange` with the instant
 * chosen as `as_of`, or `undefined` for now. The label says which instant is shown.
 *
 * @example
 * ```ts
 * timeTravel(stops, undefined, (asOf) => reload(asOf));
 * ```
 */
export function timeTravel(
  stops: readonly string[],
  asOf: string | undefined,
  onChange: (asOf: string | undefined) => void,
): HTMLElement {
  const now = stops.length;
  const initial = asOf === undefined ? now : Math.max(0, stops.indexOf(normalize(asOf)));
  const describe = (index: number): string => {
    const stop = stops[index];
    return stop === undefined ? "Now" : `${formatTime(stop)} (claim time ${index + 1} of ${stops.length})`;
  };
  const slider = h("input", {
    id: "as-of",
    type: "range",
    min: 0,
    max: now,
    step: 1,
    value: initial,
    "aria-valuetext": describe(initial),
  });
  const label = h("output", { for: "as-of", id: "as-of-label" }, describe(initial));
  const toNow = h("button", { type: "button", disabled: initial === now }, "Back to now");
  const moved = (index: number, notify: boolean): void => {
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", describe(index));
    label.textContent = describe(index);
    toNow.disabled = index === now;
    if (notify) onChange(stops[index]);
  };
  slider.addEventListener("input", () => {
    moved(Number(slider.value), true);
  });
  toNow.addEventListener("click", () => {
    moved(now, true);
  });
  return h(
    "div",
    { class: "time-travel" },
    h("label", { for: "as-of" }, "As of"),
    slider,
    h("div", { class: "time-travel-state" }, label, " ", toNow),
  );
}

function normalize(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : date.toISOString();
}
