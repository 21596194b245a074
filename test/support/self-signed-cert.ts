import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * A self-signed P-256 certificate for 127.0.0.1 and its key, made with the openssl command in
 * `dir` as `<name>.pem` and `<name>.key`, valid for `days` from now.
 */
export function selfSignedCert(dir: string, name: string, days: number): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
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
      String(days),
    ].concat([
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ]),
    { stdio: "ignore" },
  );
  return { cert, key };
}
