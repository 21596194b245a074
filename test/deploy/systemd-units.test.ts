import assert from "node:assert/strict";
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { requireDebianTool } from "../support/debian-tool.ts";
import { tempDir } from "../support/temp-dir.ts";
import { deploymentPath } from "./deployment-files.ts";
import { describeRun, runTool } from "./run-tool.ts";
import { parseUnitFile, unitValue, unitValues, type UnitFile } from "./unit-file.ts";

const UNIT_DIR = deploymentPath("systemd");
const BIN_DIR = "/usr/local/bin";

/** The timers the disaster-recovery runbook enables, and the command each one's service runs. */
const TIMERS: Readonly<Record<string, string>> = {
  "stemedb-backup": `${BIN_DIR}/stemedb backup --to /var/backups/stemedb`,
  "stemedb-archive-wal": `${BIN_DIR}/stemedb wal archive`,
  "stemedb-verify-backup": `${BIN_DIR}/stemedb verify --latest /var/backups/stemedb`,
};
const ENV_FILES = ["-/etc/stemedb/config.env", "-/etc/default/stemedb"];

function unit(name: string): UnitFile {
  return parseUnitFile(readFileSync(join(UNIT_DIR, name), "utf8"));
}

/** systemd time spans as these units write them: "30s", "10min", "1h". */
function seconds(span: string): number {
  const match = /^(\d+)\s*(s|min|h)?$/.exec(span);
  assert.ok(match !== null, `"${span}" is a time span of seconds, minutes or hours`);
  return Number(match[1]) * (match[2] === "h" ? 3600 : match[2] === "min" ? 60 : 1);
}

describe("systemd units", () => {
  const units = readdirSync(UNIT_DIR)
    .filter((name) => name.endsWith(".service") || name.endsWith(".timer"))
    .sort();
  const root = tempDir("stemedb-systemd-");
  const bin = join(root, "bin");
  const copies = join(root, "units");
  let analyze = "";

  before(async () => {
    analyze = await requireDebianTool("systemd-analyze", "systemd");
    // verify insists that ExecStart= binaries exist: point the units at stubs of the same names.
    mkdirSync(bin);
    mkdirSync(copies);
    for (const name of ["stemedb", "stemedb-api"]) {
      writeFileSync(join(bin, name), "#!/bin/sh\nexit 0\n");
      chmodSync(join(bin, name), 0o755);
    }
    for (const name of units) {
      const text = readFileSync(join(UNIT_DIR, name), "utf8");
      writeFileSync(join(copies, name), text.replaceAll(`${BIN_DIR}/`, `${bin}/`));
    }
  });

  it("has the server unit and the runbooks' three timers, each with its service", () => {
    const expected = [
      "stemedb-api.service",
      ...Object.keys(TIMERS).flatMap((t) => [`${t}.service`, `${t}.timer`]),
    ];
    assert.deepEqual(units, expected.sort());
  });

  for (const name of units) {
    it(`${name} passes systemd-analyze verify without a warning`, async () => {
      const result = await runTool(analyze, ["verify", "--man=no", join(copies, name)], { cwd: copies });
      // Exit 0 still allows warnings such as "Unknown key": any line about these units fails.
      const aboutUs = result.stderr.split("\n").filter((line) => /stemedb/.test(line));
      assert.equal(result.code, 0, describeRun(result));
      assert.deepEqual(aboutUs, [], describeRun(result));
    });
  }

  it("runs the server as the stemedb user from /usr/local/bin with the runbooks' environment files", () => {
    const api = unit("stemedb-api.service");
    assert.equal(unitValue(api, "Service", "ExecStart"), `${BIN_DIR}/stemedb-api`);
    assert.equal(unitValue(api, "Service", "User"), "stemedb");
    assert.deepEqual(unitValues(api, "Service", "EnvironmentFile"), ENV_FILES);
    assert.equal(unitValue(api, "Install", "WantedBy"), "multi-user.target");
  });

  it("restarts the server on failure and gives SIGTERM longer than the server's own shutdown timeout", () => {
    const api = unit("stemedb-api.service");
    assert.equal(unitValue(api, "Service", "Restart"), "on-failure");
    const stop = seconds(unitValue(api, "Service", "TimeoutStopSec") ?? "0");
    // STEMEDB_SHUTDOWN_TIMEOUT_MS defaults to 10 s.
    assert.ok(stop > 10, `TimeoutStopSec (${stop} s) leaves the 10 s drain a margin`);
    assert.ok(Number(unitValue(api, "Service", "LimitNOFILE")) >= 65536, "LimitNOFILE is at least 65536");
  });

  it("hardens the server and every timer service, leaving the data and backup directories writable", () => {
    for (const name of units.filter((n) => n.endsWith(".service"))) {
      const service = unit(name);
      for (const [key, value] of [
        ["NoNewPrivileges", "true"],
        ["ProtectSystem", "strict"],
        ["PrivateTmp", "true"],
        ["ProtectHome", "true"],
        ["StateDirectory", "stemedb"],
      ] as const) {
        assert.equal(unitValue(service, "Service", key), value, `${name} sets ${key}=${value}`);
      }
      for (const variable of ["STEMEDB_WAL_DIR", "STEMEDB_DB_DIR"]) {
        const setting = unitValues(service, "Service", "Environment").find((e) =>
          e.startsWith(`${variable}=`),
        );
        assert.ok(
          setting?.startsWith(`${variable}=/var/lib/stemedb/`),
          `${name} defaults ${variable} into the state directory`,
        );
      }
      assert.ok(
        !unitValues(service, "Service", "MemoryDenyWriteExecute").includes("true"),
        `${name} leaves Node's JIT its writable executable memory`,
      );
    }
  });

  for (const [timer, command] of Object.entries(TIMERS)) {
    it(`${timer}.timer catches up missed runs, spreads its start, and its service runs "${command}"`, () => {
      const schedule = unit(`${timer}.timer`);
      assert.equal(unitValue(schedule, "Timer", "Persistent"), "true");
      assert.ok(unitValue(schedule, "Timer", "OnCalendar") !== undefined, `${timer}.timer has a calendar`);
      assert.ok(
        seconds(unitValue(schedule, "Timer", "RandomizedDelaySec") ?? "0") > 0,
        `${timer}.timer has a delay`,
      );
      assert.equal(unitValue(schedule, "Install", "WantedBy"), "timers.target");

      const service = unit(`${timer}.service`);
      assert.equal(unitValue(service, "Service", "Type"), "oneshot");
      assert.equal(unitValue(service, "Service", "ExecStart"), command);
      assert.equal(unitValue(service, "Service", "User"), "stemedb");
      assert.deepEqual(unitValues(service, "Service", "EnvironmentFile"), ENV_FILES);
      assert.ok(
        unitValues(service, "Service", "ReadWritePaths").includes("/var/backups/stemedb"),
        `${timer}.service may write /var/backups/stemedb`,
      );
    });
  }

  it("archives the WAL into STEMEDB_WAL_ARCHIVE_DIR, by default under the writable backup directory", () => {
    const service = unit("stemedb-archive-wal.service");
    const setting = unitValues(service, "Service", "Environment").find((e) =>
      e.startsWith("STEMEDB_WAL_ARCHIVE_DIR="),
    );
    assert.ok(
      setting?.startsWith("STEMEDB_WAL_ARCHIVE_DIR=/var/backups/stemedb/"),
      `default archive: ${setting}`,
    );
  });
});
