import { build } from 'esbuild';

const production = process.argv.includes('--production');

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
