import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
// ssh2 (under dockerode) tries optional native add-ons and works without them.
const optionalNative = ['cpu-features', '*.node'];

// Stale files (source maps of a development build) must not reach a production package.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  external: optionalNative,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});

// The extension host provides `vscode` at run time; it is not a package that can be bundled.
await build({
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode', ...optionalNative],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});

// The tracking store runs in this worker thread so its synchronous reads never block the extension host.
await build({
  entryPoints: ['src/core/tracking/worker/trackingWorker.ts'],
  outfile: 'dist/trackingWorker.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});

// One browser bundle per webview panel; each loads only its own script and stylesheet.
const webviews = ['compare'];
await build({
  entryPoints: Object.fromEntries(webviews.map((name) => [name, `webview-ui/src/${name}/main.tsx`])),
  outdir: 'dist/webview',
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  jsx: 'automatic',
  sourcemap: !production,
  minify: production,
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  logLevel: 'warning',
});
