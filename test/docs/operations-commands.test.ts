import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/main.ts";
import { CONFIG_VARIABLES } from "../../src/ops/config.ts";

/**
 * The operations guides (docs/operations/*.md) against the code: every `stemedb`, `stemedb-api`,
 * `node bin/stemedb.js` and script command they show must name a real subcommand and only real
 * options, every `STEMEDB_*` variable must be documented, every `stemedb_*` metric exported, and
 * every relative link must lead somewhere. A guide that drifts from the code fails here.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const GUIDES_DIR = join(ROOT, "docs", "operations");
const GUIDES = readdirSync(GUIDES_DIR)
  .filter((name) => name.endsWith(".md"))
  .sort()
  .map((name) => join(GUIDES_DIR, name));
const SHELL_LANGUAGES = new Set(["", "sh", "bash", "shell", "console", "crontab"]);
const SCRIPTS = ["backup-stemedb.sh", "restore-stemedb.sh", "dr-drill"] as const;
type Script = (typeof SCRIPTS)[number];

/** One command line as a guide shows it. Inline code in prose names commands without all their arguments. */
interface Shown {
  readonly where: string;
  readonly text: string;
  readonly inline: boolean;
}

/** A call of one of our programs: `stemedb` or `stemedb-api` with its arguments, or a script. */
type Invocation =
  | { readonly kind: "cli"; readonly program: "stemedb" | "stemedb-api"; readonly args: readonly string[] }
  | { readonly kind: "script"; readonly script: Script; readonly args: readonly string[] };

/** Command lines in shell code blocks (continuations joined) and inline code spans of a guide. */
function shownCommands(file: string): Shown[] {
  const name = relative(ROOT, file);
  const lines = readFileSync(file, "utf8").split("\n");
  const shown: Shown[] = [];
  let fence: { language: string } | undefined;
  let pending: { text: string; line: number } | undefined;
  lines.forEach((line, i) => {
    const opening = /^\s*(```|~~~)\s*([\w-]*)/.exec(line);
    if (opening !== null) {
      fence = fence === undefined ? { language: opening[2] ?? "" } : undefined;
      return;
    }
    if (fence === undefined) {
      // A lone word (`stemedb`, the user; `stemedb-api`, the unit) names a thing, not a command line.
      for (const span of line.replace(/\\\|/g, "|").matchAll(/`([^`]+)`/g))
        if (/\s/.test(span[1]!.trim()))
          shown.push({ where: `${name}:${i + 1}`, text: span[1]!, inline: true });
      return;
    }
    if (!SHELL_LANGUAGES.has(fence.language)) return;
    let text = fence.language === "console" ? (/^\$ (.*)$/.exec(line)?.[1] ?? "") : line;
    // A crontab line: five schedule fields, then the command; comment lines have none.
    if (fence.language === "crontab")
      text = text.trim().startsWith("#") ? "" : text.trim().split(/\s+/).slice(5).join(" ");
    const joined = pending === undefined ? text : `${pending.text} ${text.trim()}`;
    const at = pending?.line ?? i + 1;
    if (joined.endsWith("\\")) pending = { text: joined.slice(0, -1), line: at };
    else {
      pending = undefined;
      shown.push({ where: `${name}:${at}`, text: joined, inline: false });
    }
  });
  return shown;
}

/**
 * Splits a shell line into simple commands, each a list of words with quotes removed. Operators
 * (`&&`, `||`, `|`, `;`, `&`, parentheses) separate commands, redirections and their targets are
 * dropped, a comment ends the line, and `$( … )` contributes its own commands.
 */
function simpleCommands(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  /** Reads `$( … )` starting at `at` (the `$`); returns the index after its `)`. */
  const substitution = (at: number): number => {
    let depth = 0;
    for (let j = at + 1; j < text.length; j++) {
      if (text[j] === "(") depth++;
      else if (text[j] === ")" && --depth === 0) {
        commands.push(...simpleCommands(text.slice(at + 2, j)));
        word = `${word ?? ""}$()`;
        return j + 1;
      }
    }
    return text.length;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? "") + text.slice(i + 1, end === -1 ? undefined : end);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '"') {
      word ??= "";
      for (i++; i < text.length && text[i] !== '"';) {
        if (text[i] === "\\") {
          word += text[i + 1] ?? "";
          i += 2;
        } else if (text.startsWith("$(", i)) i = substitution(i);
        else word += text[i++] ?? "";
      }
      i++;
    } else if (c === "\\") {
      word = (word ?? "") + (text[i + 1] ?? "");
      i += 2;
    } else if (text.startsWith("$(", i)) i = substitution(i);
    else if (c === "#" && word === undefined) break;
    else if (/\s/.test(c)) {
      endWord();
      i++;
    } else if (";&|()".includes(c)) {
      endCommand();
      i++;
    } else if (c === "<" || c === ">") {
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      endWord();
      while (i < text.length && "<>&".includes(text[i]!)) i++;
      while (i < text.length && /\s/.test(text[i]!)) i++;
      while (i < text.length && !/[\s;&|()]/.test(text[i]!)) i++;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  endCommand();
  return commands;
}

/** Words that only run what follows (`sudo -u stemedb`, `env X=1`, `$AS_STEMEDB`), dropped. */
function withoutPrefixes(words: readonly string[]): readonly string[] {
  let rest = words;
  for (;;) {
    const [first, second] = rest;
    if (first === undefined) return rest;
    if (/^[A-Za-z_]\w*=/.test(first) || /^\$\w+$|^\$\{\w+\}$/.test(first)) rest = rest.slice(1);
    else if (["exec", "time", "nohup", "command", "do", "then", "else", "!"].includes(first))
      rest = rest.slice(1);
    else if (first === "sudo" || first === "env") {
      rest = rest.slice(1);
      while (rest[0]?.startsWith("-") === true)
        rest = rest.slice(["-u", "-g", "-C"].includes(rest[0]) ? 2 : 1);
    } else if (first === "runuser") {
      const end = rest.indexOf("--");
      rest = end === -1 ? rest.slice(1) : rest.slice(end + 1);
    } else if (first === "nice" && second === "-n") rest = rest.slice(3);
    else return rest;
  }
}

/** The calls of our programs in one shown command line. */
function invocations(text: string): Invocation[] {
  const found: Invocation[] = [];
  for (const command of simpleCommands(text)) {
    const words = withoutPrefixes(command);
    const [first, second, ...rest] = words;
    if (first === undefined) continue;
    const name = basename(first);
    if ((name === "sh" || name === "bash") && second === "-c" && rest[0] !== undefined)
      found.push(...invocations(rest[0]));
    else if (name === "stemedb" || name === "stemedb-api")
      found.push({ kind: "cli", program: name, args: words.slice(1) });
    else if (name === "npx" && (second === "stemedb" || second === "stemedb-api"))
      found.push({ kind: "cli", program: second, args: rest });
    else if (name === "node" && second !== undefined && /(^|\/)bin\/stemedb(-api)?\.js$/.test(second))
      found.push({
        kind: "cli",
        program: second.endsWith("-api.js") ? "stemedb-api" : "stemedb",
        args: rest,
      });
    else if ((SCRIPTS as readonly string[]).includes(name))
      found.push({ kind: "script", script: name as Script, args: words.slice(1) });
  }
  return found;
}

const programs = { stemedb: buildProgram("stemedb"), "stemedb-api": buildProgram("stemedb-api") };

/** What a script does with its arguments, read from the script itself. */
interface ScriptSpec {
  /** The `stemedb` subcommand it hands `"$@"` to, if it does. */
  readonly forwardsTo: string | undefined;
  /** Positional arguments it reads (`$1`, `${2:-}`…) when it forwards none. */
  readonly positional: number;
}

function scriptSpec(script: Script): ScriptSpec {
  const text = readFileSync(join(ROOT, "scripts", script), "utf8");
  const code = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n");
  const forwardsTo = /\b([a-z][\w-]*)\s+"\$@"/.exec(code)?.[1];
  const indexes = [...code.matchAll(/\$\{?(\d)/g)].map((m) => Number(m[1]));
  return { forwardsTo, positional: Math.max(0, ...indexes) };
}

/**
 * What is wrong with an invocation, in words; empty when every subcommand and option exists.
 * `inline` mentions in prose may leave out required arguments.
 */
function problemsOf(invocation: Invocation, inline: boolean): string[] {
  let program: Command;
  let args: readonly string[];
  let label: string;
  if (invocation.kind === "script") {
    const spec = scriptSpec(invocation.script);
    if (spec.forwardsTo === undefined) {
      const options = invocation.args.filter((a) => a.startsWith("-"));
      const problems = options.map((o) => `scripts/${invocation.script} takes no option ${o}`);
      if (invocation.args.length > spec.positional)
        problems.push(`scripts/${invocation.script} takes at most ${spec.positional} argument(s)`);
      return problems;
    }
    program = programs.stemedb;
    args = [spec.forwardsTo, ...invocation.args];
    label = `scripts/${invocation.script} (stemedb ${spec.forwardsTo})`;
  } else {
    program = programs[invocation.program];
    args = invocation.args;
    label = invocation.program;
    const asks = (flag: string): boolean => args.includes(flag);
    // `stemedb-api` alone serves (src/cli/main.ts); `--version`, `--help`, `version` do not.
    if (invocation.program === "stemedb-api" && !["-V", "--version", "-h", "--help", "version"].some(asks)) {
      if (args[0] !== "serve") args = ["serve", ...args];
    }
  }
  let command = program;
  let rest = [...args];
  while (command.commands.length > 0 && rest[0] !== undefined && !rest[0].startsWith("-")) {
    const name = rest[0];
    const sub = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (sub === undefined) return [`${label}: "${name}" is not a subcommand of "${command.name()}"`];
    command = sub;
    rest = rest.slice(1);
  }
  const path = label + (command === program ? "" : ` … ${command.name()}`);
  const helpOrVersion = rest.some(
    (a) => ["-h", "--help"].includes(a) || (command === program && ["-V", "--version"].includes(a)),
  );
  if (command.commands.length > 0 && !helpOrVersion)
    return [`${path}: needs one of the subcommands ${command.commands.map((c) => c.name()).join(", ")}`];
  const problems: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--") {
      positional.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const flag = arg.split("=")[0]!;
    if (["-h", "--help"].includes(flag) || (command === program && ["-V", "--version"].includes(flag)))
      continue;
    const option = command.options.find((o) => o.long === flag || o.short === flag);
    if (option === undefined) {
      problems.push(
        `${path}: ${flag} is not an option (it has ${command.options.map((o) => o.long).join(", ")})`,
      );
      continue;
    }
    if ((option.required || option.optional) && !arg.includes("=")) i++;
  }
  const declared = command.registeredArguments;
  const needed = declared.filter((a) => a.required).length;
  const most = declared.some((a) => a.variadic) ? Infinity : declared.length;
  if (!helpOrVersion && positional.length > most)
    problems.push(`${path}: takes at most ${most} argument(s), given ${positional.join(" ")}`);
  if (!inline && !helpOrVersion && positional.length < needed)
    problems.push(`${path}: needs ${needed} argument(s) (${declared.map((a) => a.name()).join(", ")})`);
  return problems;
}

const check = (text: string, inline = false): string[] =>
  invocations(text).flatMap((invocation) => problemsOf(invocation, inline));

/** Every `STEMEDB_*` name the help of every command and option mentions (`STEMEDB_URL`…). */
function variablesInHelp(command: Command): string[] {
  const texts = [command.description(), ...command.options.map((o) => o.description)];
  const own = texts.flatMap((t) => t.match(/\bSTEMEDB_[A-Z0-9_]+/g) ?? []);
  return [...own, ...command.commands.flatMap(variablesInHelp)];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

describe("operations guides: the command extractor", () => {
  const cases: readonly [text: string, found: readonly string[]][] = [
    ['sudo -u stemedb stemedb verify "$LATEST"', ["stemedb verify $LATEST"]],
    [
      '$AS_STEMEDB stemedb restore "$BASE" --to-time "$TARGET" # cut',
      ["stemedb restore $BASE --to-time $TARGET"],
    ],
    [
      "X=1 env Y=2 stemedb backup --to /b && stemedb verify --latest /b",
      ["stemedb backup --to /b", "stemedb verify --latest /b"],
    ],
    ["journalctl -u stemedb-api -o cat | grep -i 'stemedb backup'", []],
    ["sudo -u stemedb sh -c 'cp a b; stemedb wal archive'", ["stemedb wal archive"]],
    [
      "/usr/local/bin/backup-stemedb.sh /var/backups/stemedb >> /var/log/b.log 2>&1",
      ["backup-stemedb.sh /var/backups/stemedb"],
    ],
    ["node bin/stemedb.js drill --assertions 2000", ["stemedb drill --assertions 2000"]],
    ['ADMIN="Authorization: Bearer $(sudo cat /var/lib/stemedb/admin-token)"', []],
    ["LATEST=$(ls -1d /b/stemedb-backup-* | tail -n 1)", []],
    ['echo "$(stemedb verify /b)"', ["stemedb verify /b"]],
    ["sudo useradd -r -s /usr/sbin/nologin -d /var/lib/stemedb stemedb", []],
  ];
  for (const [text, expected] of cases) {
    it(`finds ${JSON.stringify(expected)} in ${text}`, () => {
      const found = invocations(text).map((v) =>
        [v.kind === "cli" ? v.program : v.script, ...v.args].join(" "),
      );
      assert.ok(JSON.stringify(found) === JSON.stringify(expected), `found ${JSON.stringify(found)}`);
    });
  }

  const wrong: readonly [text: string, problem: RegExp][] = [
    ["stemedb backup --frobnicate", /--frobnicate is not an option/],
    ["stemedb nosuch", /"nosuch" is not a subcommand/],
    ["stemedb wal", /needs one of the subcommands archive/],
    ["stemedb restore", /needs 1 argument/],
    ["stemedb-api --tls-cert a.pem --verbose", /--verbose is not an option/],
    ["scripts/backup-stemedb.sh --to /b", /takes no option --to/],
    ["scripts/restore-stemedb.sh /b --to-time 1 --latest", /--latest is not an option/],
    ["scripts/dr-drill --assertions 10 --backup", /--backup is not an option/],
  ];
  for (const [text, problem] of wrong) {
    it(`rejects ${text}`, () => {
      const problems = check(text);
      assert.ok(
        problems.some((p) => problem.test(p)),
        `expected ${String(problem)}, got ${JSON.stringify(problems)}`,
      );
    });
  }

  it("reads what each script forwards from the script itself", () => {
    const restore = scriptSpec("restore-stemedb.sh");
    const drill = scriptSpec("dr-drill");
    const backup = scriptSpec("backup-stemedb.sh");
    assert.ok(restore.forwardsTo === "restore", `restore-stemedb.sh: ${JSON.stringify(restore)}`);
    assert.ok(drill.forwardsTo === "drill", `dr-drill: ${JSON.stringify(drill)}`);
    assert.ok(
      backup.forwardsTo === undefined && backup.positional === 1,
      `backup-stemedb.sh takes one argument and forwards none: ${JSON.stringify(backup)}`,
    );
  });
});

describe("operations guides match the code", () => {
  const shown = GUIDES.flatMap(shownCommands);

  it("finds the guides and the commands in them", () => {
    for (const guide of [
      "README.md",
      "deployment.md",
      "monitoring.md",
      "backup-and-restore.md",
      "disaster-recovery.md",
      "runbook-server-wont-start.md",
    ])
      assert.ok(existsSync(join(GUIDES_DIR, guide)), `docs/operations/${guide} exists`);
    const calls = shown.flatMap((s) => invocations(s.text));
    assert.ok(
      calls.length >= 60,
      `at least 60 calls of stemedb and its scripts in the guides, found ${calls.length}`,
    );
    const used = new Set(calls.map((c) => (c.kind === "cli" ? c.args.slice(0, 2).join(" ") : c.script)));
    for (const command of [
      "backup",
      "verify",
      "restore",
      "wal archive",
      "compact",
      "rebuild",
      "drill",
      ...SCRIPTS,
    ])
      assert.ok(
        [...used].some((u) => u === command || u.startsWith(`${command} `)),
        `the guides show ${command}`,
      );
  });

  it("every command names a real subcommand and only its real options", () => {
    const problems = shown.flatMap((s) =>
      check(s.text, s.inline).map((p) => `${s.where}: ${p}\n    ${s.text}`),
    );
    assert.ok(problems.length === 0, `commands that do not match the CLI:\n${problems.join("\n")}`);
  });

  it("every STEMEDB_* variable is in docs/configuration.md or documented by the code", () => {
    const documented = new Set([
      ...(readFileSync(join(ROOT, "docs", "configuration.md"), "utf8").match(/\bSTEMEDB_[A-Z0-9_]+/g) ?? []),
      ...CONFIG_VARIABLES,
      ...variablesInHelp(programs.stemedb),
    ]);
    const unknown = GUIDES.flatMap((file) =>
      (readFileSync(file, "utf8").match(/\bSTEMEDB_[A-Z0-9_]+/g) ?? [])
        .filter((name) => !documented.has(name))
        .map((name) => `${relative(ROOT, file)}: ${name}`),
    );
    assert.ok(unknown.length === 0, `variables not documented:\n${[...new Set(unknown)].join("\n")}`);
  });

  it("every stemedb_* metric is one the server registers", () => {
    const registered = new Set(
      sourceFiles(join(ROOT, "src")).flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/name:\s*"(stemedb_[a-z0-9_]+)"/g)].map((m) => m[1]!),
      ),
    );
    assert.ok(
      registered.has("stemedb_storage_writable"),
      `metrics found in src/: ${[...registered].join(", ")}`,
    );
    // nginx's upstream is named stemedb_cluster; the guides mention it when they describe the file.
    const nginx = readFileSync(join(GUIDES_DIR, "deployment", "nginx", "stemedb.conf"), "utf8");
    const nginxNames = new Set([...nginx.matchAll(/^upstream (\w+)/gm)].map((m) => m[1]!));
    const unknown = GUIDES.flatMap((file) =>
      (readFileSync(file, "utf8").match(/\bstemedb_[a-z0-9_]+/g) ?? [])
        .filter((name) => !registered.has(name) && !registered.has(name.replace(/_(bucket|sum|count)$/, "")))
        .filter((name) => !nginxNames.has(name))
        .map((name) => `${relative(ROOT, file)}: ${name}`),
    );
    assert.ok(
      unknown.length === 0,
      `metrics the server does not export:\n${[...new Set(unknown)].join("\n")}`,
    );
  });

  it("every relative link leads to a file, and every anchor to a heading", () => {
    const broken: string[] = [];
    for (const file of GUIDES) {
      const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const [path = "", anchor] = target.split("#");
        const linked = path === "" ? file : resolve(dirname(file), path);
        if (!existsSync(linked)) {
          broken.push(`${relative(ROOT, file)}: ${target} (no such file)`);
          continue;
        }
        if (anchor === undefined || !linked.endsWith(".md")) continue;
        const anchors = [...readFileSync(linked, "utf8").matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
          anchorOf(m[1]!),
        );
        if (!anchors.includes(anchor)) broken.push(`${relative(ROOT, file)}: ${target} (no such heading)`);
      }
    }
    assert.ok(broken.length === 0, `broken links:\n${broken.join("\n")}`);
  });
});
