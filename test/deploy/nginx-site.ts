import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readDeploymentFile } from "./deployment-files.ts";

export interface NginxSiteOptions {
  /** Loopback ports for the TLS server and the plain-HTTP redirect. */
  readonly tlsPort: number;
  readonly plainPort: number;
  readonly cert: string;
  readonly key: string;
  /** `host:port` of the one StemeDB node to proxy to; the file's three nodes when absent. */
  readonly upstream?: string;
  /** `host:port` of each of the file's three nodes (10.0.1.51–53), in order, instead. */
  readonly upstreams?: readonly [string, string, string];
  /** The address that stands in for the monitoring host allowed on /metrics. */
  readonly monitoringHost?: string;
  /** Another site file than `nginx/stemedb.conf`: its name (for messages) and its text. */
  readonly site?: { readonly name: string; readonly text: string };
}

/** Replaces every occurrence of `from`, which must occur: a changed site file fails loudly. */
function replacer(name: string): (text: string, from: string | RegExp, to: string) => string {
  return (text, from, to) => {
    const found = typeof from === "string" ? text.includes(from) : from.test(text);
    if (!found) throw new Error(`${name} no longer contains ${String(from)}: update the nginx test`);
    return typeof from === "string" ? text.replaceAll(from, to) : text.replace(from, to);
  };
}

/**
 * `nginx/stemedb.conf` (or `options.site`) made runnable by an unprivileged test: its ports,
 * certificate, log paths and addresses substituted, inside a main `nginx.conf` whose pid, logs and
 * temp files are all in `dir`. Returns the main file's path.
 */
export function writeNginxSite(dir: string, options: NginxSiteOptions): string {
  const replaceAll = replacer(options.site?.name ?? "nginx/stemedb.conf");
  let site = options.site?.text ?? readDeploymentFile("nginx/stemedb.conf");
  site = replaceAll(site, /^\s*listen \[::\]:.*$/gm, "");
  site = replaceAll(site, "listen 443 ssl http2;", `listen 127.0.0.1:${options.tlsPort} ssl http2;`);
  site = replaceAll(site, "listen 80;", `listen 127.0.0.1:${options.plainPort};`);
  site = replaceAll(site, /ssl_certificate \S+;/, `ssl_certificate ${options.cert};`);
  site = replaceAll(site, /ssl_certificate_key \S+;/, `ssl_certificate_key ${options.key};`);
  site = replaceAll(site, "/var/log/nginx/", `${dir}/`);
  if (options.upstream !== undefined) {
    // The three nodes become three entries for the one server, which nginx accepts.
    site = replaceAll(site, /server 10\.0\.1\.5\d:18180/g, `server ${options.upstream}`);
  }
  for (const [i, upstream] of (options.upstreams ?? []).entries())
    site = replaceAll(site, `server 10.0.1.5${i + 1}:18180`, `server ${upstream}`);
  if (options.monitoringHost !== undefined) {
    site = replaceAll(site, "allow 10.0.1.100;", `allow ${options.monitoringHost};`);
  }
  writeFileSync(join(dir, "stemedb.conf"), site);
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"])
    mkdirSync(join(dir, temp), { recursive: true });
  const main = join(dir, "nginx.conf");
  // One foreground process (no daemon, no workers): the test stops it by its PID and nothing
  // is left behind, and it needs no user to switch to.
  writeFileSync(
    main,
    `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
    worker_connections 64;
}
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/stemedb.conf;
}
`,
  );
  return main;
}
