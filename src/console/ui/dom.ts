/** What may stand as a child of an element: nodes, text, numbers, nothing, or lists of these. */
export type Child = Node | string | number | false | null | undefined | readonly Child[];

/** Event listeners by event name, typed by the DOM's own event map. */
export type Handlers = {
  readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void;
};

/** Attributes of an element (`true` sets an empty one, `false` and `undefined` leave it out), and `on`. */
export interface Props {
  readonly on?: Handlers;
  readonly [attribute: string]: string | number | boolean | undefined | Handlers;
}

/**
 * Makes an element with attributes, listeners and children. Text is always added as text nodes,
 * never parsed as HTML: what the database holds cannot turn into markup or script.
 *
 * @example
 * ```ts
 * const button = h("button", { type: "button", on: { click: () => save() } }, "Save");
 * ```
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === "object") {
      // Only `on` holds an object: the listeners.
      for (const [event, listener] of Object.entries(value)) {
        element.addEventListener(event, listener as EventListener);
      }
    } else if (value !== undefined && value !== false) {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * Appends children (flattening lists, skipping empty ones) to a node.
 *
 * @example
 * ```ts
 * append(list, items.map((item) => h("li", {}, item.name)));
 * ```
 */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === "string" || typeof child === "number") {
      parent.appendChild(document.createTextNode(String(child)));
    } else if (child instanceof Node) parent.appendChild(child);
    else append(parent, child);
  }
}

/**
 * Replaces all children of an element.
 *
 * @example
 * ```ts
 * show(results, h("p", {}, "No match"));
 * ```
 */
export function show(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
