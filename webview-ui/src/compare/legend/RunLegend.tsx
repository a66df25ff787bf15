import { memo } from 'react';
import type { RunSummary } from '../../../../src/protocol/compare';
import { RunSwatch } from '../../components/RunSwatch';
import { Button } from '../../components/toolkit';
import { runStyle } from '../logic/palette';

export interface RunLegendProps {
  runs: readonly RunSummary[];
  hidden: ReadonlySet<string>;
  onHiddenChange: (hidden: string[]) => void;
  onHighlight: (runId: string | null) => void;
}

/**
 * The legend of every chart in the panel: pressing a run hides or shows it everywhere, hovering
 * or focusing one dims the others. Each entry is a toggle button (aria-pressed: shown).
 */
export const RunLegend = memo(function RunLegend({ runs, hidden, onHiddenChange, onHighlight }: RunLegendProps) {
  const toggle = (runId: string): void => {
    onHiddenChange(hidden.has(runId) ? [...hidden].filter((id) => id !== runId) : [...hidden, runId]);
  };
  return (
    <div className="legend" role="group" aria-label="Runs shown in the charts">
      <div className="legend-actions">
        <span className="legend-count">
          {runs.length - runs.filter((r) => hidden.has(r.runId)).length} of {runs.length} runs shown
        </span>
        <Button onClick={() => onHiddenChange([])} disabled={hidden.size === 0}>Show all</Button>
        <Button onClick={() => onHiddenChange(runs.map((r) => r.runId))} disabled={hidden.size === runs.length}>Hide all</Button>
      </div>
      <ul className="legend-entries" onMouseLeave={() => onHighlight(null)}>
        {runs.map((run) => {
          const style = runStyle(run.colorIndex);
          const shown = !hidden.has(run.runId);
          return (
            <li key={run.runId}>
              <button
                type="button"
                className="legend-entry"
                aria-pressed={shown}
                title={`${run.runName || run.runId} (${run.experimentName}): press to ${shown ? 'hide' : 'show'}`}
                data-run-id={run.runId}
                onClick={() => toggle(run.runId)}
                onMouseEnter={() => onHighlight(shown ? run.runId : null)}
                onFocus={() => onHighlight(shown ? run.runId : null)}
                onBlur={() => onHighlight(null)}
              >
                <RunSwatch color={style.color} dash={style.dash} muted={!shown} />
                <span className="legend-name">{run.runName || run.runId}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
});
