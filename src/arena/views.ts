/**
 * The readings the arena scores: every lens that picks a winner, each with `epoch_aware` on (what
 * a reader that knows about paradigm shifts asks for), and `authority` without it as well, to
 * show what epochs are worth. `skeptic` picks no winner, and its conflict score is `authority`'s
 * (both weigh each value by its best claim's authority weight), so it is not read separately.
 */
import type { LensName } from "../client/index.ts";

/** One way of reading the database. */
export interface LensView {
  /** The name in reports. */
  readonly id: string;
  readonly lens: LensName;
  readonly epochAware: boolean;
}

export const VIEWS: readonly LensView[] = [
  { id: "recency", lens: "recency", epochAware: true },
  { id: "confidence", lens: "confidence", epochAware: true },
  { id: "consensus", lens: "consensus", epochAware: true },
  { id: "authority", lens: "authority", epochAware: true },
  { id: "trust", lens: "trust", epochAware: true },
  { id: "vote", lens: "vote", epochAware: true },
  { id: "layered", lens: "layered", epochAware: true },
  { id: "authority, no epochs", lens: "authority", epochAware: false },
];
