/**
 * Page-side timing helpers for fullHost.bench.ts, bundled by esbuild and
 * injected as an init script: window.fullBench.
 *
 * Every figure is "user action to the frame that shows the result": the time
 * of the action (performance.now() at the event), then requestAnimationFrame
 * polling until the app shows the result, then the end of that frame's task.
 */
interface Hook {
  ready(): boolean;
  hostSource(): string | null;
  plan(): { operations: unknown[]; verdicts: unknown[] | null; validating: boolean };
}
const hook = (): Hook => (window as unknown as { __apmatrixTest: Hook }).__apmatrixTest;

/** Resolves at the end of the first frame in which `done()` holds, with that time. */
function frameWhen(done: () => boolean, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (done()) {
        // the frame that shows it: after its rendering work (rAF, then a task)
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
        return;
      }
      if (performance.now() - t0 > timeoutMs) return reject(new Error('timed out waiting for the page'));
      requestAnimationFrame(tick);
    };
    tick();
  });
}

/** Clicks a scenario button; returns response end -> host painted, and the answer's transfer size. */
async function switchTo(scenario: string): Promise<{ paintMs: number; bytes: number; totalMs: number }> {
  performance.clearResourceTimings();
  const t0 = performance.now();
  (document.querySelector(`[data-testid="scenario-${scenario}"]`) as HTMLButtonElement).click();
  const connectEntry = () =>
    performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/connect')) as PerformanceResourceTiming | undefined;
  const painted = await frameWhen(() => connectEntry() !== undefined && hook().ready() && hook().hostSource() === `demo:${scenario}`);
  const entry = connectEntry()!;
  return { paintMs: painted - entry.responseEnd, bytes: entry.encodedBodySize, totalMs: painted - t0 };
}

let releasedAt = 0;
window.addEventListener('pointerup', () => (releasedAt = performance.now()), true);

/** After a click (the bench drives the mouse): pointer release -> verdicts shown. */
async function verdictsAfterRelease(opsBefore: number): Promise<number> {
  const shown = await frameWhen(() => {
    const p = hook().plan();
    return p.operations.length > opsBefore && !p.validating && p.verdicts !== null && p.verdicts.length === p.operations.length;
  });
  return shown - releasedAt;
}

/** Today's path, still served: validatePlan answered by main, whole host back as JSON. */
async function remoteValidate(plan: unknown, connectionId: string): Promise<{ ms: number; bytes: number }> {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const t0 = performance.now();
  const res = await fetch('/api/validatePlan', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-ApMatrix-Token': token, 'X-ApMatrix-Page': 'benchPage01' },
    body: JSON.stringify({ method: 'validatePlan', params: { connectionId, plan } })
  });
  const text = await res.text();
  JSON.parse(text);
  return { ms: performance.now() - t0, bytes: text.length };
}

/** Clicks a zoom button; returns click -> the frame showing the new zoom (after React, canvas and layout). */
async function zoom(testId: 'zoom-in' | 'zoom-out'): Promise<{ ms: number; to: string }> {
  const before = zoomText();
  const t0 = performance.now();
  (document.querySelector(`[data-testid="${testId}"]`) as HTMLButtonElement).click();
  const t1 = await frameWhen(() => zoomText() !== before);
  return { ms: t1 - t0, to: zoomText() };
}

/** Clicks stacked or side by side; returns click -> the frame showing that view. */
async function view(mode: 'stacked' | 'side'): Promise<number> {
  const t0 = performance.now();
  (document.querySelector(`[data-testid="view-${mode}"]`) as HTMLButtonElement).click();
  const t1 = await frameWhen(() => (document.querySelector('[data-testid="grid-canvas-lpar"]') !== null) === (mode === 'side'));
  return t1 - t0;
}

function zoomText(): string {
  return document.querySelector('[data-testid="zoom-value"]')?.textContent ?? '';
}
const api = { switchTo, verdictsAfterRelease, remoteValidate, zoom, view, zoomText };
(window as unknown as { fullBench: typeof api }).fullBench = api;
