/** Whether a smaller or a larger value of a metric is better. */
export type MetricGoal = 'lower' | 'higher';

// MLflow does not record a metric's direction, so it is guessed from its name: words that name
// a loss, an error, a distance or a cost mean lower is better; everything else (accuracy, f1,
// auc, reward, ...) means higher is better.
const LOWER_IS_BETTER = new Set([
  'loss', 'losses', 'error', 'errors', 'err', 'mse', 'mae', 'rmse', 'msle', 'mape', 'smape', 'perplexity', 'ppl',
  'nll', 'bpd', 'wer', 'cer', 'fpr', 'fnr', 'latency', 'time', 'duration', 'seconds', 'sec', 'ms', 'cost', 'regret',
  'distance', 'divergence', 'kl', 'fid', 'eer',
]);

export function metricGoal(key: string): MetricGoal {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const lower = words.some((word) => LOWER_IS_BETTER.has(word) || word.endsWith('loss') || word.endsWith('error'));
  return lower ? 'lower' : 'higher';
}
