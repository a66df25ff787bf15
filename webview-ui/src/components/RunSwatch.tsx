export interface RunSwatchProps {
  color: string;
  dash: readonly number[];
  /** dimmed when the run is hidden from the charts */
  muted?: boolean;
}

/** The run's line as the charts draw it (colour and dash pattern), so tables and charts match. */
export function RunSwatch({ color, dash, muted }: RunSwatchProps) {
  return (
    <svg className={muted ? 'run-swatch muted' : 'run-swatch'} width="22" height="10" viewBox="0 0 22 10" aria-hidden="true">
      <line x1="1" y1="5" x2="21" y2="5" stroke={color} strokeWidth="3" strokeDasharray={dash.length > 0 ? dash.join(' ') : undefined} />
    </svg>
  );
}
