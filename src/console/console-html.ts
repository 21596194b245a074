import type { ConsoleBundle } from "./console-bundle.ts";

/**
 * The HTML shell of the console: its stylesheet and script (relative URLs, so the console also
 * works behind a proxy that serves the API under a path prefix) and a place for the UI to render
 * into. Everything else is built by the script.
 *
 * @example
 * ```ts
 * reply.type("text/html; charset=utf-8").send(consoleHtml(await bundleConsole()));
 * ```
 */
export function consoleHtml(bundle: ConsoleBundle): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>StemeDB console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="console/${bundle.styles.name}">
<script type="module" src="console/${bundle.script.name}"></script>
</head>
<body>
<div id="console"><p class="boot">Loading the StemeDB console…</p></div>
<noscript><p class="boot">The StemeDB console needs JavaScript. The API is at <a href="v1/docs">v1/docs</a>.</p></noscript>
</body>
</html>
`;
}
