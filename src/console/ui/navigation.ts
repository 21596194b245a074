import type { Route } from "./router.ts";

/** A page in the navigation bar, its shortcut (`g` then the key) and the routes it covers. */
export interface NavigationItem {
  readonly label: string;
  readonly href: string;
  readonly key: string;
  readonly covers: readonly Route["kind"][];
}

/**
 * The console's sections, in the order of the navigation bar.
 *
 * @example
 * ```ts
 * NAVIGATION.find((item) => item.key === "c")?.href; // "#/concepts"
 * ```
 */
export const NAVIGATION: readonly NavigationItem[] = [
  { label: "Overview", href: "#/", key: "o", covers: ["overview"] },
  { label: "Concepts", href: "#/concepts", key: "c", covers: ["concepts", "concept"] },
  { label: "Sources", href: "#/sources", key: "s", covers: ["sources", "source"] },
  { label: "Audit", href: "#/audit", key: "q", covers: ["audit", "audit-query"] },
  { label: "Agents", href: "#/agents", key: "a", covers: ["agents", "agent"] },
  { label: "Admin", href: "#/admin", key: "m", covers: ["admin"] },
  { label: "Settings", href: "#/settings", key: "k", covers: ["settings"] },
];
