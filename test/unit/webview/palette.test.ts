import * as assert from 'node:assert/strict';
import { runDashPatterns, runPalette, runStyle, withAlpha } from '../../../webview-ui/src/compare/logic/palette';

const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const linear = (c: number): number => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (hex: string): number => {
  const [r, g, b] = rgb(hex).map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
function lab(hex: string): number[] {
  const [r, g, b] = rgb(hex).map(linear);
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047);
  const y = f(r * 0.2126 + g * 0.7152 + b * 0.0722);
  const z = f((r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

describe('run palette', () => {
  it('has twenty colours readable on light and dark editors', () => {
    assert.equal(runPalette.length, 20);
    for (const colour of runPalette) {
      assert.match(colour, /^#[0-9a-f]{6}$/);
      for (const background of ['#ffffff', '#1e1e1e', '#f3f3f3', '#252526']) {
        assert.ok(contrast(colour, background) >= 2.3, `${colour} on ${background}: ${contrast(colour, background).toFixed(2)}`);
      }
    }
  });

  it('keeps every pair of colours apart (CIELAB ΔE ≥ 30)', () => {
    for (let i = 0; i < runPalette.length; i++) {
      for (let j = i + 1; j < runPalette.length; j++) {
        const [a, b] = [lab(runPalette[i]), lab(runPalette[j])];
        const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
        assert.ok(distance >= 30, `${runPalette[i]} vs ${runPalette[j]}: ΔE ${distance.toFixed(1)}`);
      }
    }
  });

  it('gives runs beyond twenty the same colours with dash patterns, unique up to 100', () => {
    assert.deepEqual(runStyle(3), { color: runPalette[3], dash: [] });
    assert.deepEqual(runStyle(23), { color: runPalette[3], dash: runDashPatterns[1] });
    const styles = new Set(Array.from({ length: 100 }, (_, i) => JSON.stringify(runStyle(i))));
    assert.equal(styles.size, 100);
    assert.deepEqual(runStyle(-1), runStyle(0));
    assert.equal(withAlpha('#3c78d8', 0.25), 'rgba(60, 120, 216, 0.25)');
  });
});
