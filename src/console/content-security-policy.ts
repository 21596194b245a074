/**
 * The Content-Security-Policy of every console response. The console loads its one script and
 * one stylesheet from this server and talks to this server's API; nothing else is allowed: no
 * inline script or style, no other origin, no plugin, no framing, no form posting elsewhere.
 * `img-src data:` lets the shell's empty `data:` icon stop the browser asking for /favicon.ico.
 * Trusted Types are required for script sinks: the UI builds the DOM node by node and never
 * assigns HTML, so any `innerHTML` that crept in would fail loudly.
 *
 * @example
 * ```ts
 * reply.header("content-security-policy", CONSOLE_CSP);
 * ```
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join("; ");
