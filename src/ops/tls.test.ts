import assert from "node:assert/strict";
import { test } from "node:test";
import { selfSignedCert } from "../../test/support/self-signed-cert.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { loadTls, TlsConfigError } from "./tls.ts";

test("an expired or not-yet-valid certificate is refused with its dates", () => {
  const dir = tempDir();
  const { cert, key } = selfSignedCert(dir, "cert", 1);
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
