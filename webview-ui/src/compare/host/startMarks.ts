const PREFIX = 'compare:';

/** Notes, once, when a step of the page's start happened (performance.now()), for the first-paint report. */
export function markStart(step: string): void {
  if (performance.getEntriesByName(PREFIX + step, 'mark').length === 0) performance.mark(PREFIX + step);
}

/** The steps marked so far and when the script itself had arrived, in ms since the page started. */
export function startMarks(): Record<string, number> {
  const marks: Record<string, number> = {};
  // In VS Code the page's document is fetched through the webview's service worker: a late fetch is VS Code's set-up, not ours.
  const page = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (page) marks.documentRequested = Math.round(page.fetchStart);
  const script = performance.getEntriesByType('resource').find((entry) => /\/compare\.js(\?|$)/.test(entry.name)) as PerformanceResourceTiming | undefined;
  if (script) {
    marks.scriptRequested = Math.round(script.startTime);
    marks.scriptLoaded = Math.round(script.responseEnd);
  }
  for (const entry of performance.getEntriesByType('mark')) {
    if (entry.name.startsWith(PREFIX)) marks[entry.name.slice(PREFIX.length)] = Math.round(entry.startTime);
  }
  return marks;
}
