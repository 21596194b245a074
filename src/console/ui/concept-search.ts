import type { ConceptNode, StemeClient } from "../../client/index.ts";

/** A concept found by a search. */
export type ConceptMatch = ConceptNode["children"][number];

/** What a search found, and whether it looked everywhere. */
export interface ConceptSearchResult {
  readonly matches: readonly ConceptMatch[];
  /** Levels of the tree read. */
  readonly visited: number;
  /** False when the search stopped at its budget before reading the whole tree below its start. */
  readonly complete: boolean;
}

/** Levels of the tree a search reads at most: one API call each. */
export const SEARCH_BUDGET = 200;
const PARALLEL = 4;

/**
 * Finds the concepts whose path contains `term` (case-insensitive) by walking the concept tree
 * (`GET /v1/concepts`, one level per call) breadth first. A term with a `/` starts the walk at
 * the path before its last slash (`drugs/asp` reads below `drugs` only), which is how a user
 * narrows a search on a large tree. The walk stops after `SEARCH_BUDGET` levels.
 *
 * @example
 * ```ts
 * const { matches } = await searchConcepts(client, "aspirin", signal);
 * matches.map((m) => m.concept_path); // ["drugs/aspirin", "guidelines/aspirin"]
 * ```
 */
export async function searchConcepts(
  client: StemeClient,
  term: string,
  signal: AbortSignal,
): Promise<ConceptSearchResult> {
  const needle = term.trim().toLowerCase();
  const slash = needle.lastIndexOf("/");
  const queue = [slash > 0 ? term.trim().slice(0, slash) : ""];
  const matches: ConceptMatch[] = [];
  let visited = 0;
  while (queue.length > 0 && visited < SEARCH_BUDGET) {
    const batch = queue.splice(0, Math.min(PARALLEL, SEARCH_BUDGET - visited));
    visited += batch.length;
    const levels = await Promise.all(batch.map((prefix) => client.concepts({ prefix }, { signal })));
    for (const level of levels) {
      for (const child of level.children) {
        if (child.concept_path.toLowerCase().includes(needle)) matches.push(child);
        // Whether a child has a level below is known only once it is read.
        queue.push(child.concept_path);
      }
    }
  }
  return { matches, visited, complete: queue.length === 0 };
}
