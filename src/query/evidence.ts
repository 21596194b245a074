import type { CandidateVote } from "../lens/index.ts";
import type { Source } from "../model/index.ts";

/**
 * Writes held in quarantine are never indexed, so no query can meet them and there is nothing
 * to filter here; an approval indexes the write like a new one.
 *
 * What the query engine needs to know about an assertion besides the assertion itself: who
 * trusts its author, who voted on it, whether its epoch was superseded or its source retracted.
 * Every answer is "as of" an instant, so time travel sees the world as it was.
 */
export interface Evidence {
  /** The agent's trust, 0..1 (0.5 for an agent never scored). */
  trustOf(agentId: string): number;
  /** Current votes on an assertion (one per voter, the latest), made at or before `asOfMs`. */
  votesOn(hash: string, asOfMs: number): readonly CandidateVote[];
  /** True when an epoch recorded at or before `asOfMs` supersedes `epoch`. */
  isEpochSuperseded(epoch: string, asOfMs: number): boolean;
  /** True when the source (by content hash or URI) was retracted at or before `asOfMs`. */
  isSourceRetracted(source: Source, asOfMs: number): boolean;
}
