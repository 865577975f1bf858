/**
 * Bash tier: `apmatrix sim event` changes a mounted model and bash sees the
 * effect in guest_matrix (§7.4), the card's `config` (§3.1) and, in the 5.15
 * era, the refusal of changes while a guest runs (§6.4).
 */
import { describe, expect, test } from 'vitest';
import { apmatrix, shLines } from '../helpers/simMount';
import { mountForTests } from '../helpers/mountForTests';

const M = 'devices/vfio_ap/matrix';
const CREATE = `${M}/mdev_supported_types/vfio_ap-passthrough/create`;
const U = '62177883-f1bb-47f0-914d-32a22e3a8804';

describe('6.17 (E3): events change guest_matrix (§7.4)', () => {
  const sim = mountForTests({ scenario: 'default', era: '6.17' });
  const sh = (script: string) => shLines(script, sim.dir);
  const guest = () => sh(`cat ${M}/${U}/guest_matrix`);

  test('the filtered matrix is readable before the guest starts (§6.1)', async () => {
    expect(
      await sh(
        [
          'echo -1,-2 > bus/ap/apmask',
          `echo ${U} > ${CREATE}`,
          `echo 1 > ${M}/${U}/assign_adapter`,
          `echo 2 > ${M}/${U}/assign_adapter`,
          `echo 5 > ${M}/${U}/assign_domain`,
          `cat ${M}/${U}/guest_matrix`
        ].join('\n')
      )
    ).toEqual(['01.0005', '02.0005']);
  });

  test('guest start keeps guest_matrix as it is', async () => {
    await sim.event('guest-start', U);
    expect(await guest()).toEqual(['01.0005', '02.0005']);
  });

  test('an adapter leaving the LPAR leaves guest_matrix, not matrix; coming back plugs it in again', async () => {
    await sim.event('adapter-remove', 2);
    expect(await guest()).toEqual(['01.0005']);
    expect(await sh(`cat ${M}/${U}/matrix`)).toEqual(['01.0005', '02.0005']);
    await sim.event('adapter-add', 2);
    expect(await guest()).toEqual(['01.0005', '02.0005']);
  });

  test('a domain leaving the LPAR leaves guest_matrix; coming back plugs it in again', async () => {
    await sim.event('domain-remove', 5);
    expect(await guest()).toEqual(['01.', '02.']);
    await sim.event('domain-add', 5);
    expect(await guest()).toEqual(['01.0005', '02.0005']);
  });

  test('card-config switches the card config attribute (§3.1)', async () => {
    await sim.event('card-config', 1, false);
    expect(await sh('cat bus/ap/devices/card01/config')).toEqual(['0']);
    await sim.event('card-config', 1, true);
    expect(await sh('cat bus/ap/devices/card01/config')).toEqual(['1']);
  });

  test('a refused event is one line and a non-zero status', async () => {
    const r = await apmatrix(['sim', 'event', sim.dir, 'guest-start', '00000000-0000-0000-0000-000000000000']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^apmatrix sim: event refused: /);
    await sim.event('guest-stop', U);
  });
});

describe('5.15 (E1): no changes while a guest runs (§6.4)', () => {
  const sim = mountForTests({ scenario: 'default', era: '5.15' });
  const sh = (script: string) => shLines(script, sim.dir);

  test('assign and unassign fail with EBUSY while the guest runs, work after it stops', async () => {
    await sh(['echo -1 > bus/ap/apmask', `echo ${U} > ${CREATE}`, `echo 1 > ${M}/${U}/assign_adapter`].join('\n'));
    await sim.event('guest-start', U);
    expect(
      await sh([`echo 5 > ${M}/${U}/assign_domain`, `echo 1 > ${M}/${U}/unassign_adapter`, `cat ${M}/${U}/matrix`].join('\n'))
    ).toEqual(['echo: write error: Device or resource busy', 'echo: write error: Device or resource busy', '01.']);
    await sim.event('guest-stop', U);
    expect(await sh([`echo 5 > ${M}/${U}/assign_domain`, `cat ${M}/${U}/matrix`].join('\n'))).toEqual(['01.0005']);
  });

  test('there is no guest_matrix before 6.0 (§10)', async () => {
    expect(await sh(`cat ${M}/${U}/guest_matrix`)).toEqual([`cat: ${M}/${U}/guest_matrix: No such file or directory`]);
  });
});
