/**
 * Bash tier: the kernel documentation's three-guest walkthrough (seed 002,
 * reference §11) typed into real bash on the FUSE-mounted `demo` scenario,
 * compared line for line; then the demo's planted guest_matrix filter cases
 * (§7.1, §7.3). The demo host already holds the three guests, so the
 * walkthrough first takes them down the way an administrator would.
 */
import { describe, expect, test } from 'vitest';
import { shLines } from '../helpers/simMount';
import { mountForTests } from '../helpers/mountForTests';

const M = 'devices/vfio_ap/matrix';
const TYPE = `${M}/mdev_supported_types/vfio_ap-passthrough`;
const F = (n: number) => 'f'.repeat(n);
const uuid1 = '62177883-f1bb-47f0-914d-32a22e3a8804';
const uuid2 = 'cef03c3c-903d-4ecc-9a83-40694cb8aee4';
const uuid3 = '0fe903a0-a323-44db-9daf-134c68627d61';

describe('the demo host as shipped: guest_matrix filters (§7.1, §7.3)', () => {
  const sim = mountForTests({ scenario: 'demo' });
  const sh = (script: string) => shLines(script, sim.dir);

  test('Guest1 gets its whole matrix', async () => {
    expect(await sh(`cat ${M}/${uuid1}/matrix; cat ${M}/${uuid1}/guest_matrix`)).toEqual([
      ...['05.0004', '05.00ab', '06.0004', '06.00ab'],
      ...['05.0004', '05.00ab', '06.0004', '06.00ab']
    ]);
  });

  test('Guest2 loses adapter 01 because 01.000e stays with the host', async () => {
    expect(await sh(`readlink ${'bus/ap/devices/01.000e/driver'}; cat ${M}/${uuid2}/guest_matrix`)).toEqual([
      '../../../../bus/ap/drivers/cex4queue',
      '05.000e',
      '05.0047',
      '05.00ff'
    ]);
  });

  test('Guest3 loses the over-provisioned adapter 3f', async () => {
    expect(await sh(`cat ${M}/${uuid3}/matrix; cat ${M}/${uuid3}/guest_matrix`)).toEqual([
      ...['06.0047', '06.00ff', '3f.0047', '3f.00ff'],
      ...['06.0047', '06.00ff']
    ]);
  });

  test('§7.3 quirk: unassigning domain 0e does not bring adapter 01 back; a real assign does', async () => {
    expect(
      await sh(
        [
          `cd ${M}/${uuid2}`,
          'echo 0xe > unassign_domain',
          'cat guest_matrix',
          'echo 0x47 > assign_domain', // already assigned: returns before filtering (§6.2)
          'echo $(cat ap_config) > ap_config', // the same configuration: a valid no-op (§6.2 step 7)
          'cat guest_matrix',
          'echo 0 > assign_adapter', // a real assign: full filter (§7.2)
          'cat guest_matrix'
        ].join('\n')
      )
    ).toEqual([
      ...['05.0047', '05.00ff'],
      ...['05.0047', '05.00ff'],
      ...['00.0047', '00.00ff', '01.0047', '01.00ff', '05.0047', '05.00ff']
    ]);
  });
});

describe('seed 002: configuring the three guests of the example', () => {
  const sim = mountForTests({ scenario: 'demo' });
  const sh = (script: string) => shLines(script, sim.dir);

  test('a running guest keeps its mdev: remove fails with EBUSY (§5.4)', async () => {
    expect(await sh(`echo 1 > ${M}/${uuid1}/remove; echo +5 > bus/ap/apmask`)).toEqual([
      'echo: write error: Device or resource busy',
      'echo: write error: Device or resource busy'
    ]);
  });

  test('start from a clean host: stop Guest1, remove the mdevs, give everything back to the host', async () => {
    await sim.event('guest-stop', uuid1);
    expect(
      await sh(
        [
          `for u in ${uuid1} ${uuid2} ${uuid3}; do echo 1 > ${M}/$u/remove; done`,
          `ls ${TYPE}/devices`,
          `echo 0x${F(64)} > bus/ap/apmask`,
          `echo 0x${F(64)} > bus/ap/aqmask`,
          'cat bus/ap/apmask bus/ap/aqmask',
          `cat ${TYPE}/available_instances`
        ].join('\n')
      )
    ).toEqual([`0x${F(64)}`, `0x${F(64)}`, '65536']);
  });

  test('step 2: secure the queues; they bind to vfio_ap', async () => {
    expect(
      await sh(
        [
          'echo -5,-6 > bus/ap/apmask',
          'echo -4,-0x47,-0xab,-0xff > bus/ap/aqmask',
          "LC_ALL=C ls bus/ap/drivers/vfio_ap | grep -E '^0[56]\\.00(04|47|ab|ff)$'",
          'cat bus/ap/devices/card05/hwtype'
        ].join('\n')
      )
    ).toEqual(['05.0004', '05.0047', '05.00ab', '05.00ff', '06.0004', '06.0047', '06.00ab', '06.00ff', '11']);
  });

  test('step 3: create the three mediated devices', async () => {
    expect(
      await sh(
        [
          `cd ${TYPE}`,
          `uuid1=${uuid1} uuid2=${uuid2} uuid3=${uuid3}`,
          'echo $uuid1 > create',
          'echo $uuid2 > create',
          'echo $uuid3 > create',
          'LC_ALL=C ls devices',
          "LC_ALL=C ls devices/$uuid1/ | grep -E '^(un)?assign_|^matrix$'"
        ].join('\n')
      )
    ).toEqual([
      uuid3,
      uuid1,
      uuid2,
      'assign_adapter',
      'assign_control_domain',
      'assign_domain',
      'matrix',
      'unassign_adapter',
      'unassign_control_domain',
      'unassign_domain'
    ]);
  });

  test('step 4: configure Guest1 and display its matrix', async () => {
    expect(
      await sh(
        [
          `cd ${M}/${uuid1}`,
          'echo 5 > assign_adapter',
          'echo 6 > assign_adapter',
          'echo 4 > assign_domain',
          'echo 0xab > assign_domain',
          'cat matrix'
        ].join('\n')
      )
    ).toEqual(['05.0004', '05.00ab', '06.0004', '06.00ab']);
  });

  test('step 4: configure Guest2 and Guest3', async () => {
    expect(
      await sh(
        [
          `cd ${M}/${uuid2}`,
          'echo 5 > assign_adapter',
          'echo 0x47 > assign_domain',
          'echo 0xff > assign_domain',
          'cat matrix',
          `cd ../${uuid3}`,
          'echo 6 > assign_adapter',
          'echo 0x47 > assign_domain',
          'echo 0xff > assign_domain',
          'cat matrix'
        ].join('\n')
      )
    ).toEqual(['05.0047', '05.00ff', '06.0047', '06.00ff']);
  });

  test('a queue cannot go to two guests: Address already in use (§9.2)', async () => {
    expect(await sh(`echo 6 > ${M}/${uuid2}/assign_adapter; cat ${M}/${uuid2}/matrix`)).toEqual([
      'echo: write error: Address already in use',
      '05.0047',
      '05.00ff'
    ]);
  });

  test('step 5: start Guest1; remove fails while it runs (§5.4)', async () => {
    await sim.event('guest-start', uuid1);
    expect(await sh([`cat ${M}/${uuid1}/guest_matrix`, `echo 1 > ${M}/${uuid1}/remove`].join('\n'))).toEqual([
      ...['05.0004', '05.00ab', '06.0004', '06.00ab'],
      'echo: write error: Device or resource busy'
    ]);
  });

  test('a mask change is refused only when it would take an assigned queue (§2.1)', async () => {
    expect(
      await sh(
        [
          'echo +5 > bus/ap/apmask', // 05 x (aqmask) holds no assigned queue: allowed
          'echo +4 > bus/ap/aqmask', // would now take 05.0004 from Guest1
          'echo -5 > bus/ap/apmask',
          'cat bus/ap/apmask bus/ap/aqmask'
        ].join('\n')
      )
    ).toEqual([
      'echo: write error: Device or resource busy',
      `0xf9${F(62)}`,
      '0xf7fffffffffffffffeffffffffffffffffffffffffeffffffffffffffffffffe'
    ]);
  });

  test('when the guest is shut down, the mdev may be removed', async () => {
    await sim.event('guest-stop', uuid1);
    expect(await sh([`echo 1 > ${M}/${uuid1}/remove`, `LC_ALL=C ls ${TYPE}/devices`].join('\n'))).toEqual([uuid3, uuid2]);
  });
});
