import { runCli } from './program';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
});
