import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { stemedb } from "../../test/support/cli-process.ts";
import { Signer } from "../client/signer.ts";
import { startTestServer } from "../client/test-server.ts";
import { runToolSuite } from "./test-tool-suite.ts";

const CLI = join(import.meta.dirname, "..", "..", "bin", "stemedb.js");

runToolSuite("stdio (stemedb mcp)", "stdio-suite", async () => {
  const server = await startTestServer();
  const signer = await Signer.generate();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "mcp", "--url", server.url],
    // Only what the SDK deems safe to pass on, and the agent's key: no STEMEDB_* of this shell.
    env: { ...getDefaultEnvironment(), STEMEDB_PRIVATE_KEY: signer.exportPrivateKeyHex() },
    stderr: "pipe",
  });
  const mcp = new Client({ name: "stemedb-mcp-tests", version: "1.0.0" });
  await mcp.connect(transport);
  const pid = transport.pid;
  assert.ok(pid !== null, "the server runs as a child process");
  return {
    mcp,
    api: server.client(),
    signer: signer.agentId,
    close: async () => {
      // Closing ends the child's stdin, which ends `stemedb mcp`; the PID makes sure of it.
      await mcp.close();
      if (isRunning(pid)) process.kill(pid, "SIGKILL");
      assert.equal(isRunning(pid), false, `stemedb mcp (pid ${pid}) has stopped`);
    },
  };
});

test("stemedb mcp refuses a malformed STEMEDB_PRIVATE_KEY before serving", async () => {
  const server = await startTestServer();
  const run = await stemedb(["mcp", "--url", server.url], { STEMEDB_PRIVATE_KEY: "not-a-key" });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "", "nothing on stdout, which belongs to the protocol");
  assert.match(run.stderr, /64 hex/);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
