import type { WebviewToHost } from '../../../../src/protocol/compare';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The app's only way to the extension host: typed messages out, and the panel's saved state. */
export interface HostBridge {
  post(message: WebviewToHost): void;
  savedState(): unknown;
  saveState(state: object): void;
}

/** VS Code allows acquireVsCodeApi() once per page load, so main.tsx calls this once. */
export function connectToHost(): HostBridge {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
