/** The resource of the whole concept tree's top level. */
export const CONCEPTS_URI = "stemedb://concepts";

/** The resource template of one level below a prefix: `{+prefix}` keeps its slashes. */
export const CONCEPT_URI_TEMPLATE = `${CONCEPTS_URI}/{+prefix}`;

/**
 * The resource URI of the concept tree below `conceptPath` (`""` for the top level). Segments
 * are percent-encoded one by one, so the slashes stay readable while a scheme's colon
 * (`code://python`) or a space cannot change how the URI parses.
 *
 * @example
 * ```ts
 * conceptUri("drugs/aspirin"); // "stemedb://concepts/drugs/aspirin"
 * conceptUri("code://python"); // "stemedb://concepts/code%3A//python"
 * ```
 */
export function conceptUri(conceptPath: string): string {
  if (conceptPath === "") return CONCEPTS_URI;
  return `${CONCEPTS_URI}/${conceptPath.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * The concept path a template match names, the inverse of `conceptUri`. Throws `RangeError` for a
 * percent-escape that does not decode, naming the URI.
 *
 * @example
 * ```ts
 * conceptPathOfPrefix("code%3A//python"); // "code://python"
 * ```
 */
export function conceptPathOfPrefix(prefix: string | readonly string[]): string {
  // `{+prefix}` captures one string; an array only comes from exploded variables (`{prefix*}`).
  const text = typeof prefix === "string" ? prefix : prefix.join(",");
  try {
    return decodeURIComponent(text);
  } catch {
    throw new RangeError(
      `Cannot read concept resource "${CONCEPTS_URI}/${text}": its percent-escapes are malformed`,
    );
  }
}
