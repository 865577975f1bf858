/**
 * Bash tier: the mask walkthroughs of the seed documents (freeing queues,
 * absolute and relative writes, §2.1 and §11), typed into real bash against
 * the FUSE-mounted `default` scenario, compared line for line.
 */
import { describe, expect, test } from 'vitest';
import { shLines } from '../helpers/simMount';
import { mountForTests } from '../helpers/mountForTests';

const F = (n: number) => 'f'.repeat(n);
const Z = (n: number) => '0'.repeat(n);
const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

const sim = mountForTests({ scenario: 'default' });

const sh = (script: string) => shLines(script, sim.dir);
const reset = () => sh(`echo 0x${F(64)} > bus/ap/apmask; echo 0x${F(64)} > bus/ap/aqmask`);

describe('masks through bash (§1.2, §1.3, §2.1)', () => {
  test('both masks read all ones by default (§2, seed 000)', async () => {
    expect(await sh('cat bus/ap/apmask; cat bus/ap/aqmask')).toEqual([`0x${F(64)}`, `0x${F(64)}`]);
  });

  test('reads in small blocks give the same text as one read (content fixed at open, §8)', async () => {
    const whole = await sh('cat bus/ap/apmask');
    expect(await sh('dd if=bus/ap/apmask bs=7 status=none')).toEqual(whole);
    expect(await sh('head -c 10 bus/ap/apmask; echo')).toEqual([whole[0].slice(0, 10)]);
  });

  test('seed 000: freeing adapter 1 and domains 1, 2 with relative writes', async () => {
    await reset();
    expect(await sh('echo -1 > bus/ap/apmask; echo -1,-2 > bus/ap/aqmask; cat bus/ap/apmask; cat bus/ap/aqmask')).toEqual([
      `0xbf${F(62)}`,
      `0x9f${F(62)}`
    ]);
  });

  test('seed 002: 0x41 is padded on the right (§1.2)', async () => {
    expect(await sh('echo 0x41 > bus/ap/apmask; cat bus/ap/apmask')).toEqual([`0x41${Z(62)}`]);
  });

  test('seed 002: +0,-6,+0x47,-0xf0 switches bits 0 and 71 on, 6 and 240 off, the rest unchanged (§1.3)', async () => {
    expect(await sh('echo 0x41 > bus/ap/apmask; echo +0,-6,+0x47,-0xf0 > bus/ap/apmask; cat bus/ap/apmask')).toEqual([
      `0xc1${Z(14)}01${Z(46)}`
    ]);
  });

  test('seed 002: the 0x7dff... example reads back as written', async () => {
    expect(await sh(`echo 0x7d${F(62)} > bus/ap/aqmask; cat bus/ap/aqmask`)).toEqual([`0x7d${F(62)}`]);
  });

  test('§11 three-guest example: relative writes equal the absolute masks', async () => {
    await reset();
    const aq = '0xf7fffffffffffffffeffffffffffffffffffffffffeffffffffffffffffffffe';
    expect(await sh('echo -5,-6 > bus/ap/apmask; echo -4,-0x47,-0xab,-0xff > bus/ap/aqmask; cat bus/ap/apmask; cat bus/ap/aqmask')).toEqual(
      [`0xf9${F(62)}`, aq]
    );
    await reset();
    expect(await sh(`echo 0xf9${F(62)} > bus/ap/apmask; echo ${aq} > bus/ap/aqmask; cat bus/ap/apmask; cat bus/ap/aqmask`)).toEqual([
      `0xf9${F(62)}`,
      aq
    ]);
  });

  test('0X prefix, 65 digits and a bad relative list are refused with EINVAL, all or nothing (§1.2, §1.3, §8)', async () => {
    await reset();
    expect(
      await sh(
        [
          'echo 0X41 > bus/ap/apmask',
          `echo 0x${F(65)} > bus/ap/apmask`,
          'echo +0,-x > bus/ap/aqmask',
          'echo -1,-2,+zz > bus/ap/aqmask',
          'cat bus/ap/apmask',
          'cat bus/ap/aqmask'
        ].join('\n')
      )
    ).toEqual([
      'echo: write error: Invalid argument',
      'echo: write error: Invalid argument',
      'echo: write error: Invalid argument',
      'echo: write error: Invalid argument',
      `0x${F(64)}`,
      `0x${F(64)}`
    ]);
  });
});

describe('devices and drivers through bash (§3, §4)', () => {
  test('ls bus/ap/devices lists the cards and their queues', async () => {
    await reset();
    const queues: string[] = [];
    for (let a = 0; a < 4; a++) for (let d = 0; d < 16; d++) queues.push(`${hex2(a)}.${hex4(d)}`);
    const cards = [0, 1, 2, 3].map((a) => `card${hex2(a)}`);
    expect(await sh('LC_ALL=C ls bus/ap/devices')).toEqual([...queues, ...cards]);
  });

  test('a queue link points into devices/ap, its driver follows the masks (§4.2)', async () => {
    await reset();
    expect(
      await sh(
        [
          'readlink bus/ap/devices/00.0004',
          'readlink bus/ap/devices/00.0004/driver',
          'echo -0 > bus/ap/apmask',
          'readlink bus/ap/devices/00.0004/driver',
          "LC_ALL=C ls bus/ap/drivers/vfio_ap | grep -E '^[0-9a-f]{2}\\.[0-9a-f]{4}$' | head -3",
          'cat bus/ap/devices/card00/hwtype'
        ].join('\n')
      )
    ).toEqual([
      '../../../devices/ap/card00/00.0004',
      '../../../../bus/ap/drivers/cex4queue',
      '../../../../bus/ap/drivers/vfio_ap',
      '00.0000',
      '00.0001',
      '00.0002',
      '14'
    ]);
  });
});
