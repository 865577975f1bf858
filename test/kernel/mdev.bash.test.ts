/**
 * Bash tier: creating and configuring mdevs as the seed documents do it
 * (seed 001 fallback scenario, seed 002 §11 validity examples), and the
 * documented errors, typed into real bash on the FUSE-mounted `default`
 * scenario and compared line for line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mountScenario, shLines, type SimMount } from '../helpers/simMount';

const M = 'devices/vfio_ap/matrix';
const CREATE = `${M}/mdev_supported_types/vfio_ap-passthrough/create`;
const F64 = 'f'.repeat(64);

let sim: SimMount;
beforeAll(async () => {
  sim = await mountScenario({ scenario: 'default' });
  // seed 001 runs on an LPAR with adapters 00 and 0a and domains 1, 2, 4 and 0x1b
  await sim.event('adapter-add', '0a');
  await sim.event('domain-add', '1b');
});
afterAll(async () => {
  await sim?.stop();
});

const sh = (script: string) => shLines(script, sim.dir);
/** removes every mdev and restores both masks */
const clean = () =>
  sh(
    `for d in ${M}/*-*-*-*-*/; do [ -d "$d" ] && echo 1 > "$d/remove"; done; echo 0x${F64} > bus/ap/apmask; echo 0x${F64} > bus/ap/aqmask`
  );

describe('seed 001: fallback method for creating and configuring a mediated device', () => {
  const U = '4b0518fd-9237-493f-93c8-c5597f8006a3';

  test('create, assign adapters, matrix shows 00. and 0a. (§5.3, §6.1)', async () => {
    await clean();
    expect(
      await sh(
        [
          'echo -0,-0xa > bus/ap/apmask',
          `echo ${U} \\\n> ${CREATE}`,
          `echo 0x00 > ${M}/${U}/assign_adapter`,
          `echo 0x0a > ${M}/${U}/assign_adapter`,
          `cat ${M}/${U}/matrix`
        ].join('\n')
      )
    ).toEqual(['00.', '0a.']);
  });

  test('add domain 0x001b: two queues, no control domain yet (§6.1 empty file)', async () => {
    expect(await sh([`echo 0x001b > ${M}/${U}/assign_domain`, `cat ${M}/${U}/matrix`, `cat ${M}/${U}/control_domains`].join('\n'))).toEqual(
      ['00.001b', '0a.001b']
    );
  });

  test('add 0x001b to the control domains', async () => {
    expect(await sh([`echo 0x001b > ${M}/${U}/assign_control_domain`, `cat ${M}/${U}/control_domains`].join('\n'))).toEqual(['001b']);
  });

  test('table 1: unassign and remove', async () => {
    expect(
      await sh(
        [
          `( cd ${M}/${U}`,
          '  echo 0x001b > unassign_control_domain',
          '  cat control_domains',
          '  echo 0x001b > unassign_domain',
          '  echo 0x0a > unassign_adapter',
          '  cat matrix',
          '  echo 1 > remove )',
          `ls ${M}/${U}`,
          `cat ${M}/mdev_supported_types/vfio_ap-passthrough/available_instances`
        ].join('\n')
      )
    ).toEqual(['00.', `ls: cannot access '${M}/${U}': No such file or directory`, '65536']);
  });
});

describe('§11 validity examples (§6.2, §9.2)', () => {
  const G1 = '62177883-f1bb-47f0-914d-32a22e3a8804';
  const G2 = 'cef03c3c-903d-4ecc-9a83-40694cb8aee4';
  const setup = async () => {
    await clean();
    await sh(`echo -1,-2,-3,-4 > bus/ap/apmask; echo ${G1} > ${CREATE}; echo ${G2} > ${CREATE}`);
  };
  const assign = (uuid: string, adapters: number[], domains: number[]) =>
    [
      ...adapters.map((a) => `echo ${a} > ${M}/${uuid}/assign_adapter`),
      ...domains.map((d) => `echo ${d} > ${M}/${uuid}/assign_domain`)
    ].join('\n');

  test('valid: Guest1 adapters 1,2 domains 5,6; Guest2 adapters 1,2 domain 7', async () => {
    await setup();
    expect(await sh([assign(G1, [1, 2], [5, 6]), assign(G2, [1, 2], [7]), `cat ${M}/${G1}/matrix ${M}/${G2}/matrix`].join('\n'))).toEqual([
      '01.0005',
      '01.0006',
      '02.0005',
      '02.0006',
      '01.0007',
      '02.0007'
    ]);
  });

  test('valid: Guest1 adapters 1,2 domains 5,6; Guest2 adapters 3,4 domains 5,6 (4 over-provisioned, §6.3)', async () => {
    await setup();
    expect(await sh([assign(G1, [1, 2], [5, 6]), assign(G2, [3, 4], [5, 6]), `cat ${M}/${G2}/matrix`].join('\n'))).toEqual([
      '03.0005',
      '03.0006',
      '04.0005',
      '04.0006'
    ]);
  });

  test('invalid: Guest2 adapter 1 with domains 6,7 shares 01.0006: Address already in use', async () => {
    await setup();
    expect(await sh([assign(G1, [1, 2], [5, 6]), assign(G2, [1], [6, 7]), `cat ${M}/${G2}/matrix`].join('\n'))).toEqual([
      'echo: write error: Address already in use',
      '01.0007'
    ]);
  });
});

describe('documented errors through bash (§8)', () => {
  const U = '0fe903a0-a323-44db-9daf-134c68627d61';
  const D = `${M}/${U}`;

  test('each refused write prints its errno text and changes nothing', async () => {
    await clean();
    await sh(`echo -1 > bus/ap/apmask; echo ${U} > ${CREATE}; echo 1 > ${D}/assign_adapter; echo 5 > ${D}/assign_domain`);
    expect(
      await sh(
        [
          `echo +1 > bus/ap/apmask`, // §2.1 in-use check: would take 01.0005 from the mdev
          `echo 0 > ${D}/assign_adapter`, // §6.2 00.0005 is in the host pool
          `echo 0x100 > ${D}/assign_adapter`, // §6.2 above ap_max_adapter_id
          `echo 0x55 > ${D}/assign_domain`, // §6.2 above ap_max_domain_id (84)
          `echo 5x > ${D}/assign_adapter`, // §1.1 parse error
          `echo ${U} > ${CREATE}`, // §5.3 duplicate
          `echo not-a-uuid > ${CREATE}`, // §5.3 length
          `cat ${D}/matrix`,
          `cat bus/ap/apmask`
        ].join('\n')
      )
    ).toEqual([
      'echo: write error: Device or resource busy',
      'echo: write error: Cannot assign requested address',
      'echo: write error: No such device',
      'echo: write error: No such device',
      'echo: write error: Invalid argument',
      'echo: write error: File exists',
      'echo: write error: Invalid argument',
      '01.0005',
      `0xbf${'f'.repeat(62)}`
    ]);
  });

  test('EACCES and ENOENT come at open time (§6, §8)', async () => {
    expect(
      await sh(
        [
          `cat ${D}/assign_adapter`,
          `echo 5 > ${D}/matrix`,
          `cat ${D}/adapters`,
          `cat ${M}/00000000-0000-0000-0000-000000000000/matrix`
        ].join('\n')
      )
    ).toEqual([
      `cat: ${D}/assign_adapter: Permission denied`,
      `${D}/matrix: Permission denied`,
      `cat: ${D}/adapters: No such file or directory`,
      `cat: ${M}/00000000-0000-0000-0000-000000000000/matrix: No such file or directory`
    ]);
  });

  // bash's builtin printf writes line by line; coreutils printf writes its buffer once
  test('one write() of "5\\n6\\n" is one value: EINVAL (§8)', async () => {
    expect(await sh(`/usr/bin/printf '5\\n6\\n' > ${D}/assign_adapter; cat ${D}/matrix`)).toEqual([
      '/usr/bin/printf: write error: Invalid argument',
      '01.0005'
    ]);
  });
});
