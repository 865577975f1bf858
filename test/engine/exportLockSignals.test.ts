/**
 * The s390 AP configuration lock is released on every exit path, whenever the
 * signal comes (issue 3 item 6): the plan script is started in its own process
 * group and sent SIGTERM after a random few milliseconds, many times, under
 * dash and bash, with the lock free and with the lock held by a live process.
 * Afterwards the lock directory holds exactly what it held before: nothing, or
 * the other holder's lock (never our temporary file, never our lock).
 */
import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHELLS } from './demoPlans';
import { run } from '../helpers/simMount';
import { scratchDirForFile } from '../helpers/scratch';
import type { HostState } from '../../shared/host/hostState';
import type { Plan } from '../../shared/plan/operations';
import { exportShellScript } from '../../shared/export';

const U = '4a3c1e5f-0b7d-4e2a-9c61-7d2f0e8b1a34';
const F = '0x' + 'f'.repeat(64);
const Z = '0x' + '0'.repeat(64);

const HOST: HostState = {
  source: 'test',
  readAt: '2026-11-21T23:00:00.000Z',
  era: 'E3',
  busFeatures: [],
  matrixFeatures: [],
  maxAdapter: 255,
  maxDomain: 255,
  lpar: { adapters: F, usageDomains: F, controlDomains: F },
  apmask: F,
  aqmask: F,
  apDomain: 0,
  vfioLoaded: true,
  cards: [],
  queues: [],
  mdevs: [],
  guests: [],
  mdevctl: [],
  warnings: [],
  fingerprint: ''
};

const PLAN: Plan = {
  title: 'signals',
  operations: [
    { kind: 'aqmask', set: [], clear: [5] },
    { kind: 'create-mdev', uuid: U },
    { kind: 'assign-adapter', uuid: U, id: 0 }
  ]
};

/**
 * Runs the plan N times per mode and prints one line per leftover. A plain
 * directory stands in for sysfs: the lock logic does not depend on it, and
 * --force lets the script go on to its writes (step 3 fails: no mdev dir).
 */
const HARNESS = `
cd "$WORK" || exit 9
export SYSFS_ROOT="$WORK/sys"; AP_LOCK="$WORK/lock/s390apconfig.lock"
sleep 300 & holder=$!
for mode in free held; do
  for i in $(seq 1 "$ROUNDS"); do
    rm -f "$WORK"/lock/*
    rm -f "$WORK/sys/bus/ap/aqmask"; printf '%s\\n' "$MASK" > "$WORK/sys/bus/ap/aqmask"
    if [ "$mode" = held ]; then echo "$holder" > "$AP_LOCK"; fi
    setsid "$SHELL_UNDER_TEST" plan.sh --machine --force --lock "$AP_LOCK" --journal-dir "$WORK/journal" > /dev/null 2>&1 < /dev/null & p=$!
    sleep "0.00$((RANDOM % 10))"
    until kill -TERM -- "-$p" 2>/dev/null; do kill -0 "$p" 2>/dev/null || break; sleep 0.001; done
    wait "$p"
    left=$(ls "$WORK/lock")
    if [ "$mode" = held ]; then want=s390apconfig.lock; else want=''; fi
    if [ "$left" != "$want" ]; then echo "LEFTOVER $mode $i: $left"; fi
    if [ "$mode" = held ] && [ "$(cat "$AP_LOCK")" != "$holder" ]; then echo "STOLEN $mode $i"; fi
  done
done
kill "$holder"
echo finished
`;

const work = scratchDirForFile('apmatrix-locksig-');

describe.each(SHELLS)('lock under %s', (shell) => {
  it('is released (or left to its live holder) after SIGTERM at random moments', async () => {
    const dir = path.join(work, shell);
    await mkdir(path.join(dir, 'lock'), { recursive: true });
    await mkdir(path.join(dir, 'sys/bus/ap'), { recursive: true });
    await mkdir(path.join(dir, 'sys/devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough'), { recursive: true });
    await writeFile(path.join(dir, 'sys/bus/ap/apmask'), F + '\n');
    await writeFile(path.join(dir, 'plan.sh'), exportShellScript(HOST, PLAN));
    await writeFile(path.join(dir, 'harness.sh'), HARNESS);
    const env = `WORK='${dir}' ROUNDS=40 MASK='${Z}' SHELL_UNDER_TEST=${shell}`;
    const r = await run('bash', ['-c', `${env} bash '${dir}/harness.sh'`], { timeoutMs: 120_000 });
    expect(r.stdout).toBe('finished\n');
    expect(r.code).toBe(0);
  }, 150_000);
});
