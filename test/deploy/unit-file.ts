/** A systemd unit file: each section's keys with every value given, in order. */
export type UnitFile = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/**
 * Parses the INI dialect of systemd unit files (systemd.syntax(7)): `[Section]` headers,
 * `Key=value` lines, `#` and `;` comments. Enough for these units: no line continuations.
 */
export function parseUnitFile(text: string): UnitFile {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const assignment = /^([A-Za-z][\w]*)\s*=\s*(.*)$/.exec(line);
    if (assignment === null || current === undefined) {
      throw new SyntaxError(`Cannot parse unit file line ${index + 1}: ${JSON.stringify(raw)}`);
    }
    const [, key, value] = assignment as unknown as [string, string, string];
    current.set(key, [...(current.get(key) ?? []), value]);
  }
  return sections;
}

/** Every value of `key` in `section` (empty when absent). */
export function unitValues(unit: UnitFile, section: string, key: string): readonly string[] {
  return unit.get(section)?.get(key) ?? [];
}

/** The value of `key` in `section` that systemd applies: the last one given. */
export function unitValue(unit: UnitFile, section: string, key: string): string | undefined {
  return unitValues(unit, section, key).at(-1);
}
