import { Command, InvalidArgumentError } from 'commander';
import { type BuildProgress, type BuildRequest, type ModelRef, type RegistryCredentials, buildModelImage, connectDockerEngine, parseModelUri } from '../../core/build';
import { type CliIo, type CommonOptions, printJson, withCommonOptions, withStore } from '../context';

interface BuildOptions extends CommonOptions {
  model: string;
  version?: string;
  alias?: string;
  push?: boolean;
  tag?: string;
  registry?: string;
  baseImage?: string;
  port?: number;
  dockerfile?: string;
  context?: string;
  cache: boolean;
  dockerHost?: string;
  verbose?: boolean;
}

/** The registry login of the CLI, for CI: the variables, else the user's Docker login. */
export const REGISTRY_USER_VARIABLE = 'MLOPS_REGISTRY_USERNAME';
export const REGISTRY_PASSWORD_VARIABLE = 'MLOPS_REGISTRY_PASSWORD';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`expected a port from 1 to 65535, got "${value}"`);
  return n;
}

export function buildCommand(io: CliIo): Command {
  const build = new Command('build')
    .description("build the serving image of a registered model version (MLflow's scoring server with /metrics), and push it")
    // Usage errors go where the program's go: a command added with addCommand keeps its own output.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  withCommonOptions(build)
    .requiredOption('--model <name>', 'the registered model, or a version URI: models:/NAME/VERSION or models:/NAME@ALIAS')
    .option('--version <version>', 'the model version to build')
    .option('--alias <alias>', 'the alias whose version to build, e.g. champion')
    .option('--push', 'push the image to its registry after the build')
    .option('--tag <reference>', 'image reference to tag (default: <registry>/<model>:<version>)')
    .option('--registry <host[:port][/namespace]>', 'registry of the default tag (default: MLOPS_BUILD_REGISTRY)')
    .option('--base-image <image>', "FROM of the generated Dockerfile (default: MLOPS_BUILD_BASE_IMAGE, else python:<model's major.minor>-slim)")
    .option('--port <port>', 'the port the server listens on in the image (default 8080)', port)
    .option('--dockerfile <file>', 'build this Dockerfile instead of the generated one (the model and server are in its context under .mlops/)')
    .option('--context <dir>', "the build context of --dockerfile (default: the Dockerfile's folder)")
    .option('--no-cache', "build without the engine's layer cache")
    .option('--docker-host <uri>', 'the Docker engine (default: DOCKER_HOST, else unix:///var/run/docker.sock)')
    .option('--verbose', "print the engine's build and push output on stderr")
    .addHelpText('after', `\nRegistry credentials for --push: ${REGISTRY_USER_VARIABLE} and ${REGISTRY_PASSWORD_VARIABLE}, else your Docker login (~/.docker/config.json or DOCKER_CONFIG).`)
    .action((options: BuildOptions, command: Command) => {
      const isUri = options.model.startsWith('models:/');
      const given = [options.version, options.alias].filter((v) => v !== undefined).length;
      if (isUri ? given > 0 : given !== 1) {
        const why = isUri ? `--model ${options.model} names the version already` : `got ${given === 0 ? 'neither' : 'both'}`;
        command.error(`mlops build: give exactly one of --version and --alias, or a models:/ URI as --model (${why})`, { exitCode: 2, code: 'mlops.usage' });
      }
      return withStore(io, options, async (store) => {
        const engine = connectDockerEngine({ setting: options.dockerHost, env: io.env });
        const built = await buildModelImage(buildRequest(options, io.env), {
          store,
          engine,
          env: io.env,
          registryCredentials: credentialsFrom(io.env),
          onProgress: progressPrinter(io),
          onLog: options.verbose ? (line) => io.stderr(`  ${line}\n`) : undefined,
          signal: io.signal,
        });
        if (options.json) return printJson(io, built);
        io.stdout(`${built.reference}\t${built.imageId}${built.repoDigest ? `\t${built.repoDigest}` : ''}\n`);
      });
    });
  return build;
}

function modelRef(options: BuildOptions): ModelRef {
  if (options.model.startsWith('models:/')) return parseModelUri(options.model);
  return { name: options.model, ...(options.alias !== undefined ? { alias: options.alias } : { version: options.version }) };
}

function buildRequest(options: BuildOptions, env: NodeJS.ProcessEnv): BuildRequest {
  return {
    model: modelRef(options),
    tag: options.tag,
    registry: options.registry ?? (env.MLOPS_BUILD_REGISTRY || undefined),
    baseImage: options.baseImage ?? (env.MLOPS_BUILD_BASE_IMAGE || undefined),
    push: options.push ?? false,
    port: options.port,
    dockerfile: options.dockerfile,
    contextDir: options.context,
    noCache: !options.cache,
  };
}

function credentialsFrom(env: NodeJS.ProcessEnv): RegistryCredentials | undefined {
  const username = env[REGISTRY_USER_VARIABLE];
  return username ? { username, password: env[REGISTRY_PASSWORD_VARIABLE] ?? '' } : undefined;
}

// One line a phase change or build step; pushes report bytes many times a second, so only every tenth.
function progressPrinter(io: CliIo): (progress: BuildProgress) => void {
  let lastPushTenth = -1;
  return (progress) => {
    if (progress.phase === 'push' && progress.fraction !== undefined && progress.fraction > 0) {
      const tenth = Math.floor(progress.fraction * 10);
      if (tenth === lastPushTenth) return;
      lastPushTenth = tenth;
      io.stderr(`mlops: ${progress.message} (${tenth * 10}%)\n`);
      return;
    }
    io.stderr(`mlops: ${progress.message}\n`);
  };
}
