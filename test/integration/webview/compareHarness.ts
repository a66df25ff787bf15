import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

const nonce = 'compareTestNonce0123456789';

// What VS Code injects into a webview with the Dark Modern theme, trimmed to what the panel uses.
const themeCss = `:root {
  --vscode-font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, sans-serif;
  --vscode-font-size: 13px;
  --vscode-foreground: #cccccc;
  --vscode-editor-foreground: #cccccc;
  --vscode-editor-background: #1f1f1f;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-disabledForeground: #797979;
  --vscode-errorForeground: #f85149;
  --vscode-focusBorder: #0078d4;
  --vscode-panel-border: #2b2b2b;
  --vscode-editorWidget-border: #454545;
  --vscode-editorHoverWidget-background: #202020;
  --vscode-editorHoverWidget-foreground: #cccccc;
  --vscode-editorHoverWidget-border: #454545;
  --vscode-list-hoverBackground: #2a2d2e;
  --vscode-textLink-foreground: #4daafc;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-dropdown-background: #313131;
  --vscode-dropdown-border: #3c3c3c;
  --vscode-inputValidation-errorBackground: #5a1d1d;
  --vscode-inputValidation-errorBorder: #be1100;
}`;

// Plays VS Code's part: acquireVsCodeApi once, messages and state through JSON like the real one.
const harnessJs = `(() => {
  window.__posted = [];
  window.__state = window.__initialState;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => window.__state,
      setState: (state) => { window.__state = JSON.parse(JSON.stringify(state)); },
    };
  };
})();`;

function page(origin: string): string {
  // The policy the host sets: no inline script, scripts only with the load's nonce. The toolkit
  // (FAST) probes :focus-visible support with a <style> element carrying the nonce it finds in the
  // csp-nonce meta tag, so styles accept that nonce too.
  const csp = `default-src 'none'; style-src ${origin} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${origin} data:; font-src ${origin};`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" href="/theme.css">
<link rel="stylesheet" href="/compare.css">
<title>Compare</title>
</head>
<body class="vscode-dark">
<div id="root"></div>
<script nonce="${nonce}" src="/harness.js"></script>
<script nonce="${nonce}" src="/compare.js"></script>
</body>
</html>`;
}

export interface ComparePageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the built Compare bundle in a page that stands in for the webview. */
export async function serveComparePage(): Promise<ComparePageServer> {
  const bundleDir = path.join(repoRoot, 'dist', 'webview');
  if (!fs.existsSync(path.join(bundleDir, 'compare.js'))) throw new Error(`${bundleDir}/compare.js is missing: run node esbuild.mjs first`);
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const send = (type: string, body: string | Buffer): void => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/') return send('text/html; charset=utf-8', page(origin));
    if (url.pathname === '/harness.js') return send('text/javascript', harnessJs);
    if (url.pathname === '/theme.css') return send('text/css', themeCss);
    if (url.pathname === '/favicon.ico') return void response.writeHead(204).end();
    const file = path.join(bundleDir, path.basename(url.pathname));
    if (/^\/compare\.(js|css)(\.map)?$/.test(url.pathname) && fs.existsSync(file)) {
      return send(url.pathname.endsWith('.css') ? 'text/css' : 'text/javascript', fs.readFileSync(file));
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
