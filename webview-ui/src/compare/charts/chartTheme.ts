import { useEffect, useState } from 'react';

/** Colours and font of the current VS Code theme, as charts drawn on a canvas need them. */
export interface ChartTheme {
  foreground: string;
  mutedForeground: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  focusBorder: string;
}

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const css = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const foreground = css('--vscode-editor-foreground', css('--vscode-foreground', '#cccccc'));
  return {
    foreground,
    mutedForeground: css('--vscode-descriptionForeground', foreground),
    grid: css('--vscode-editorWidget-border', css('--vscode-panel-border', 'rgba(128, 128, 128, 0.35)')),
    background: css('--vscode-editor-background', '#1e1e1e'),
    fontFamily: css('--vscode-font-family', 'sans-serif'),
    fontSize: Number.parseFloat(css('--vscode-font-size', '13')) || 13,
    tooltipBackground: css('--vscode-editorHoverWidget-background', css('--vscode-editor-background', '#252526')),
    tooltipForeground: css('--vscode-editorHoverWidget-foreground', foreground),
    tooltipBorder: css('--vscode-editorHoverWidget-border', css('--vscode-focusBorder', '#454545')),
    focusBorder: css('--vscode-focusBorder', '#007fd4'),
  };
}

/**
 * Re-reads the theme when the host says it changed, and whenever VS Code rewrites the variables
 * on <html> or the theme class on <body>, whichever comes first.
 */
export function useChartTheme(themeKind: string): ChartTheme {
  const [theme, setTheme] = useState(readChartTheme);
  useEffect(() => {
    let frame = 0;
    const reread = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setTheme(readChartTheme()));
    };
    reread();
    const observer = new MutationObserver(reread);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [themeKind]);
  return theme;
}
