/**
 * Twenty colours picked for distance from each other (CIELAB ΔE ≥ 30) with a luminance that keeps
 * a contrast of at least 2.5 against both a white and a dark editor background, so the same
 * palette serves every theme. Earlier entries are the most distinct: small comparisons get them.
 */
export const runPalette: readonly string[] = [
  '#3c78d8', '#e8710a', '#00b400', '#fc0090', '#9c00fc',
  '#00a89c', '#905460', '#6c6c00', '#d86cf0', '#fc003c',
  '#3c54f0', '#007830', '#486c84', '#c08454', '#f06078',
  '#fc00f0', '#90549c', '#84a800', '#c09000', '#b43c24',
];

/** Beyond the palette, runs repeat its colours with these dash patterns (canvas setLineDash). */
export const runDashPatterns: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4]];

export interface RunStyle {
  color: string;
  dash: readonly number[];
}

export function runStyle(colorIndex: number): RunStyle {
  const index = Number.isInteger(colorIndex) && colorIndex >= 0 ? colorIndex : 0;
  return {
    color: runPalette[index % runPalette.length],
    dash: runDashPatterns[Math.floor(index / runPalette.length) % runDashPatterns.length],
  };
}

/** `#rrggbb` with an alpha, as the rgba() colour canvas and CSS both accept. */
export function withAlpha(hex: string, alpha: number): string {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
