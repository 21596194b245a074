import { h } from "./dom.ts";
import { NAVIGATION } from "./navigation.ts";

/** How long after `g` the second key of a "go to" shortcut is awaited. */
const CHORD_MS = 1_500;

/** What the keyboard shortcuts do, for the console to carry out. */
export interface ShortcutActions {
  /** `/`: focus the concept search (opening the concept browser first when elsewhere). */
  readonly search: () => void;
  /** `g` then a key: go to a page. */
  readonly go: (href: string) => void;
  /** `?`: show the list of shortcuts. */
  readonly help: () => void;
}

/**
 * Installs the keyboard shortcuts: `/` searches, `g` then a letter goes to a page, `?` lists
 * them. Keys typed into a field, or pressed with Ctrl, Alt or Meta, are left alone.
 *
 * @example
 * ```ts
 * installShortcuts(document, { search, go: (href) => (location.hash = href), help });
 * ```
 */
export function installShortcuts(target: Document, actions: ShortcutActions): void {
  let chordUntil = 0;
  target.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented || isTyping(event.target))
      return;
    if (Date.now() < chordUntil) {
      chordUntil = 0;
      const item = NAVIGATION.find((n) => n.key === event.key);
      if (item !== undefined) {
        event.preventDefault();
        actions.go(item.href);
      }
      return;
    }
    if (event.key === "/") {
      event.preventDefault();
      actions.search();
    } else if (event.key === "?") {
      event.preventDefault();
      actions.help();
    } else if (event.key === "g") {
      chordUntil = Date.now() + CHORD_MS;
    }
  });
}

/**
 * The dialog that lists the shortcuts; Escape or its button closes it.
 *
 * @example
 * ```ts
 * const dialog = shortcutsDialog();
 * document.body.append(dialog);
 * dialog.showModal();
 * ```
 */
export function shortcutsDialog(): HTMLDialogElement {
  const close = h("button", { type: "button", class: "primary" }, "Close");
  const dialog = h(
    "dialog",
    { id: "shortcuts", "aria-labelledby": "shortcuts-title" },
    h("h2", { id: "shortcuts-title" }, "Keyboard shortcuts"),
    h(
      "dl",
      { class: "shortcuts" },
      h("dt", {}, h("kbd", {}, "/")),
      h("dd", {}, "Search concepts"),
      NAVIGATION.map((item) => [
        h("dt", {}, h("kbd", {}, "g"), " ", h("kbd", {}, item.key)),
        h("dd", {}, `Go to ${item.label}`),
      ]),
      h("dt", {}, h("kbd", {}, "?")),
      h("dd", {}, "Show this list"),
      h("dt", {}, h("kbd", {}, "Tab")),
      h("dd", {}, "Move between links, fields and buttons; arrow keys move the time-travel slider"),
    ),
    close,
  );
  close.addEventListener("click", () => {
    dialog.close();
  });
  return dialog;
}

/** Inputs that take no typed text: a shortcut key pressed on them is still a shortcut. */
const KEYLESS_INPUTS = new Set(["range", "checkbox", "radio", "button", "submit", "reset"]);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !KEYLESS_INPUTS.has(target.type);
  return target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT";
}
