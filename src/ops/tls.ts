import { X509Certificate, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ServerOptions } from "node:https";

/** A TLS setting that cannot work; the message says which file and why, in words a grep finds. */
export class TlsConfigError extends Error {
  override readonly name = "TlsConfigError";
}

function readPem(path: string, what: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "No such file or directory"
        : code === "EACCES"
          ? "permission denied"
          : (error as Error).message;
    throw new TlsConfigError(`TLS ${what} cannot be read: ${reason}: ${path} (${variable})`);
  }
}

/**
 * Loads and checks the certificate and key before the server binds, so that an expired
 * certificate, a missing file or a key that does not match fails the start with a clear line
 * instead of failing every handshake later. TLS 1.3 is the minimum.
 */
export function loadTls(certPath: string, keyPath: string, nowMs = Date.now()): ServerOptions {
  const cert = readPem(certPath, "certificate", "STEMEDB_TLS_CERT");
  const key = readPem(keyPath, "private key", "STEMEDB_TLS_KEY");
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (error) {
    throw new TlsConfigError(
      `TLS certificate ${certPath} is not a PEM certificate: ${(error as Error).message}`,
    );
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new TlsConfigError(
      `TLS private key ${keyPath} is not a PEM private key: ${(error as Error).message}`,
    );
  }
  if (Date.parse(x509.validTo) < nowMs) {
    throw new TlsConfigError(
      `TLS certificate ${certPath} expired on ${new Date(x509.validTo).toISOString()}; renew it`,
    );
  }
  if (Date.parse(x509.validFrom) > nowMs) {
    throw new TlsConfigError(
      `TLS certificate ${certPath} is not valid before ${new Date(x509.validFrom).toISOString()}`,
    );
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new TlsConfigError(`TLS private key ${keyPath} does not match the certificate ${certPath}`);
  }
  return { cert, key, minVersion: "TLSv1.3" };
}
