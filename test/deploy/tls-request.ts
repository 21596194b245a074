import { request } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { TLSSocket, type SecureVersion } from "node:tls";

export interface TlsRequest {
  readonly port: number;
  readonly path: string;
  /** The CA (here: the self-signed certificate) the server's certificate must chain to. */
  readonly ca: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The source address: any 127.x.y.z is this machine, so one test can be several clients. */
  readonly localAddress?: string;
  readonly maxVersion?: SecureVersion;
}

export interface TlsResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The negotiated protocol, e.g. "TLSv1.3". */
  readonly protocol: string | null;
}

/** One HTTPS request to 127.0.0.1, verifying the certificate against `ca`, on a fresh connection. */
export function tlsRequest(options: TlsRequest): Promise<TlsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: options.port,
        path: options.path,
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ca: options.ca,
        agent: false,
        timeout: 10_000,
        ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
        ...(options.maxVersion !== undefined ? { maxVersion: options.maxVersion } : {}),
      },
      (res) => {
        const protocol = res.socket instanceof TLSSocket ? res.socket.getProtocol() : null;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, protocol });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error(`No answer from 127.0.0.1:${options.port}${options.path}`)),
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
