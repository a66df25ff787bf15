import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** Where the browser bundles are built (esbuild.mjs); the only folder a webview may load from. */
const ASSETS = ['dist', 'webview'] as const;

export interface WebviewPage {
  /** the bundle's name: dist/webview/<name>.js, and <name>.css when the app imports CSS */
  bundle: string;
  title: string;
}

/**
 * Options for a panel that loads one of our bundles. `retainContextWhenHidden` is left off: the
 * host keeps all the data and answers a reloaded page's `ready` again, which costs less than a
 * hidden page kept in memory.
 */
export function webviewPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, ...ASSETS)] };
}

/** A fresh nonce for each page load: the only script that runs is the one carrying it. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The page: a strict Content-Security-Policy, the bundle's script and stylesheet, and `#root` for
 * the app. The nonce is also published as `csp-nonce`, where the UI toolkit (FAST) looks for it
 * when it adds a <style> element.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage, nonce: string): string {
  const asset = (file: string) => vscode.Uri.joinPath(extensionUri, ...ASSETS, file);
  const script = webview.asWebviewUri(asset(`${page.bundle}.js`));
  const hasStyle = fs.existsSync(asset(`${page.bundle}.css`).fsPath);
  const style = hasStyle ? `<link rel="stylesheet" href="${webview.asWebviewUri(asset(`${page.bundle}.css`)).toString()}">` : '';
  const source = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `img-src ${source} data: blob:`,
    `style-src ${source} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${source}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
${style}
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Message = { type: string };

/**
 * Typed messages with one panel's page. The page says `ready` when its app listens; until then
 * posts are queued, and a page that is discarded (hidden, reloaded) loses its queue: the next
 * page starts over with its own `ready`.
 */
export class WebviewChannel<ToWebview extends Message, FromWebview extends Message> implements vscode.Disposable {
  private ready = false;
  private queue: ToWebview[] = [];
  private readonly received = new vscode.EventEmitter<FromWebview>();
  /** every message from the page, `ready` included */
  readonly onDidReceive = this.received.event;
  private readonly posted = new vscode.EventEmitter<ToWebview>();
  /** every message handed to the page, in order */
  readonly onDidPost = this.posted.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    page: WebviewPage,
  ) {
    panel.webview.options = webviewPanelOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, page, newNonce());
    this.subscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.discardPage();
      }),
    ];
  }

  get isReady(): boolean {
    return this.ready;
  }

  post(message: ToWebview): void {
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.queue = [];
    this.received.dispose();
    this.posted.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private receive(message: unknown): void {
    if (typeof message !== 'object' || message === null || typeof (message as Message).type !== 'string') return;
    const typed = message as FromWebview;
    if (typed.type === 'ready') this.ready = true;
    this.received.fire(typed);
    if (typed.type === 'ready') this.flush();
  }

  private flush(): void {
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) this.post(message);
  }

  // Without retainContextWhenHidden a hidden page is destroyed; it says `ready` again when shown.
  private discardPage(): void {
    this.ready = false;
    this.queue = [];
  }
}
