import { ConsoleApp } from "./console-app.ts";
import { ConsoleSession } from "./session.ts";

// The console's entry point: the bundle's only top-level code.
const root = document.getElementById("console");
if (root === null) throw new Error("Cannot start the StemeDB console: the page has no #console element");
new ConsoleApp(root, new ConsoleSession(sessionStorage, location.href)).start();
