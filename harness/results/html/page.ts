// The shell of every report page (a run's index.html, later compare): one self-contained document
// with the CSS, uPlot and the chart script inlined, and the page's data as JSON.
import { pageAssets } from "./assets.js";
import { html, inlineScript, raw, type Html } from "./escape.js";

export interface PageOptions {
  title: string;
  body: Html;
  /** Charts need uPlot and the chart script; a page without charts leaves them out. */
  charts?: boolean;
}

export function renderPage({ title, body, charts = false }: PageOptions): string {
  const assets = pageAssets();
  const scripts = charts ? [inlineScript(assets.uplotJs), inlineScript(assets.chartsJs)] : [];
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(assets.css.replace(/<\/style/gi, "<\\/style"))}</style>
</head>
<body>
${body}
${scripts}
</body>
</html>
`;
  return doc.text;
}
