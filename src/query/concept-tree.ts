import type { LmdbStore } from "../store/lmdb-store.ts";

export interface ConceptChild {
  readonly name: string;
  readonly conceptPath: string;
  readonly assertionCount: number;
  readonly pairCount: number;
}

export interface ConceptNode {
  readonly conceptPath: string;
  /** Predicates asserted on this exact path. */
  readonly predicates: readonly { readonly predicate: string; readonly assertionCount: number }[];
  /** The next level below, with totals over each child's whole subtree. */
  readonly children: readonly ConceptChild[];
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/**
 * One level of the concept tree, like a directory listing: the predicates at `prefix` itself and
 * its children with their subtree counts. The root (`""`) lists top-level names; a URI scheme
 * stays with its first segment (`code://python`), since `code:` alone names nothing.
 */
export function conceptTree(store: LmdbStore, prefix: string): ConceptNode {
  const predicates: { predicate: string; assertionCount: number }[] = [];
  const children = new Map<string, { conceptPath: string; assertionCount: number; pairCount: number }>();
  for (const pair of store.pairsUnder(prefix)) {
    const count = store.countPair(pair);
    if (pair.conceptPath === prefix) {
      predicates.push({ predicate: pair.predicate, assertionCount: count });
      continue;
    }
    const conceptPath = childPath(prefix, pair.conceptPath);
    const child = children.get(conceptPath) ?? { conceptPath, assertionCount: 0, pairCount: 0 };
    child.assertionCount += count;
    child.pairCount += 1;
    children.set(conceptPath, child);
  }
  return {
    conceptPath: prefix,
    predicates,
    children: [...children.values()].map((c) => ({
      ...c,
      name: c.conceptPath.slice(prefix === "" ? 0 : prefix.length + 1),
    })),
  };
}

function childPath(prefix: string, conceptPath: string): string {
  if (prefix !== "") {
    const rest = conceptPath.slice(prefix.length + 1);
    const slash = rest.indexOf("/");
    return `${prefix}/${slash === -1 ? rest : rest.slice(0, slash)}`;
  }
  const scheme = SCHEME.exec(conceptPath)?.[0] ?? "";
  const rest = conceptPath.slice(scheme.length);
  const slash = rest.indexOf("/");
  return scheme + (slash === -1 ? rest : rest.slice(0, slash));
}
