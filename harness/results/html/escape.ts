// HTML that cannot be injected: a tagged template escapes every value it is given unless the value is
// already Html. CRIU logs carry <, &, quotes; every report page is built with it.

/** A fragment of HTML that is known to be safe (built by `html` or `raw`). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** What may be interpolated: text and numbers (escaped), Html (as is), lists of them, nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/** html`<td class=${cls}>${text}</td>`: every value escaped (attribute values must be quoted). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup, such as an inlined library; never anything that came from a run. */
export function raw(text: string): Html {
  return new Html(text);
}

/** Data for the page's scripts: JSON inside <script type="application/json">, with no way to close the tag. */
export function jsonScript(id: string, data: unknown): Html {
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return html`<script type="application/json" id="${id}">${raw(json)}</script>`;
}

/** A script inlined into the page: a literal "</script" inside it would end the tag early. */
export function inlineScript(source: string): Html {
  return raw(`<script>${source.replace(/<\/script/gi, "<\\/script")}</script>`);
}
