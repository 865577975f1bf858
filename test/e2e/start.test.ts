/**
 * `npm start` as a new user runs it: with no Electron binary it says why in
 * one line, serves the browser mode on 127.0.0.1 and prints a URL that
 * serves the renderer and answers the API (the demo host's scenarios).
 * No display here: it must not fail for lack of a browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, findElectronBinary, ROOT } from '../helpers/browser';

let child: ChildProcess | null = null;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
});

function startAndWaitForUrl(): Promise<{ url: string; output: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    child = spawn(process.execPath, [path.join(ROOT, 'bin', 'start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(output);
      if (m && output.includes('press Ctrl+C')) {
        clearTimeout(timer);
        resolve({ url: m[1]!, output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`)));
  });
}

describe.skipIf(findElectronBinary().binary !== null)('npm start without an Electron binary', () => {
  it('says why, serves the browser mode and prints a working URL', async () => {
    ensureRendererBuilt();
    const { url, output } = await startAndWaitForUrl();
    expect(output).toMatch(/apmatrix: .*Electron binary.*; serving the browser mode instead\./);
    expect(output).toMatch(/no display found/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>AP Matrix</title>');
    const u = new URL(url);
    const targets = await fetch(`${u.origin}/api/listTargets`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: u.origin,
        'X-ApMatrix-Token': u.searchParams.get('token')!,
        'X-ApMatrix-Page': 'startTest01'
      },
      body: JSON.stringify({ params: null })
    });
    expect(targets.status).toBe(200);
    const body = (await targets.json()) as { scenarios: Array<{ name: string }> };
    expect(body.scenarios.map((s) => s.name)).toContain('demo');
    // without the token nothing is served
    expect((await fetch(`${u.origin}/`)).status).toBe(403);
  }, 120_000);
});
