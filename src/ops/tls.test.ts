import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import { loadTls, TlsConfigError } from "./tls.ts";

test("an expired or not-yet-valid certificate is refused with its dates", () => {
  const dir = tempDir();
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=t",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  assert.equal(loadTls(cert, key).minVersion, "TLSv1.3");
  const inThreeDays = Date.now() + 3 * 86_400_000;
  assert.throws(
    () => loadTls(cert, key, inThreeDays),
    (error: unknown) => {
      assert.ok(error instanceof TlsConfigError, "a TlsConfigError");
      assert.match(error.message, /TLS certificate .*cert\.pem expired on \d{4}-/);
      return true;
    },
  );
  assert.throws(() => loadTls(cert, key, Date.now() - 86_400_000), /is not valid before/);
  assert.throws(() => loadTls(key, key), /is not a PEM certificate/);
});
