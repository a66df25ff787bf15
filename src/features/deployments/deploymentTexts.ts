// What the Deployments commands say: questions, progress and failures. No vscode here, so the unit tests read it.
import type { ModelIdentity, Revision, RolloutStep } from '../../core/deploy/deploymentTarget';

/** "Deploy iris-classifier v3 as revision 4 of 'iris' on the Docker engine unix:///…? Revision 3 (v2) keeps serving until v3 is healthy." */
export function deployQuestion(model: ModelIdentity, name: string, revision: number, where: string, current: Revision | null, port: number): string {
  const asked = `Deploy ${model.name} v${model.version} as revision ${revision} of '${name}' on ${where}?`;
  if (!current) return `${asked} It serves on port ${port} once it answers its health check.`;
  const was = `Revision ${current.revision} (${versionText(current, model.name)})`;
  if (current.status === 'stopped') return `${asked} ${was} is stopped; v${model.version} starts on port ${port}.`;
  if (current.port !== port) return `${asked} ${was} keeps serving on port ${current.port} until v${model.version} is healthy on port ${port}.`;
  return `${asked} ${was} keeps serving until v${model.version} is healthy.`;
}

/** "Roll back 'iris' on the Docker engine unix:///… to revision 1 (v1)? ..." */
export function rollbackQuestion(name: string, to: Revision, next: number, where: string, current: Revision | null): string {
  const asked = `Roll back '${name}' on ${where} to revision ${to.revision} (${versionText(to, current?.model?.name)})?`;
  const keeps = current && current.status !== 'stopped' ? ` Revision ${current.revision} (${versionText(current, to.model?.name)}) keeps serving until it is healthy.` : '';
  return `${asked} It is deployed again as revision ${next}.${keeps}`;
}

/** "v2" for the same model, "other-model v2" for another one, the image for an image without a model. */
function versionText(revision: Revision, sameModel: string | undefined): string {
  if (!revision.model) return revision.image.reference;
  return revision.model.name === sameModel ? `v${revision.model.version}` : `${revision.model.name} v${revision.model.version}`;
}

/** What a rollout is doing, in the words of a progress notification. */
export function describeStep(step: RolloutStep): string {
  switch (step.step) {
    case 'checking':
      return 'checking the engine, the image and the port';
    case 'starting':
      return `starting revision ${step.revision} on trial port ${step.port}`;
    case 'waitingHealthy':
      return step.detail ?? `waiting for revision ${step.revision} to answer ${step.url}/ping`;
    case 'switching':
      return `switching port ${step.port} to revision ${step.revision}`;
    case 'rollingBack':
      return step.to === null ? `stopping revision ${step.revision}` : `rolling back to revision ${step.to}`;
    case 'done':
      return `revision ${step.revision} serves`;
  }
}

const SHOWN_LINES = 5;

/** The message with the revision's last few log lines, as a notification shows them (one paragraph). */
export function withLastLines(message: string, logTail: string[]): string {
  const lines = logTail.map((line) => line.trim()).filter((line) => line.length > 0).slice(-SHOWN_LINES);
  if (lines.length === 0) return message;
  return `${message} Last log lines: ${lines.map((line) => `«${line}»`).join(' ')} (all of them in the log).`;
}
