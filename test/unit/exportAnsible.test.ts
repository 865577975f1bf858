/**
 * The playbook text: the hosts line and variables, the scripts as literal
 * blocks Ansible never templates, one entry per host of a group plan, and
 * refusals for what cannot be exported.
 */
import { describe, expect, it } from 'vitest';
import { exportAnsiblePlaybook, exportPlan, scriptCli } from '../../shared/export';
import { unsafeBlock } from '../../shared/export/yamlText';
import { snapshotKernel } from '../../shared/host/snapshot';
import { buildScenario, createKernel } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';
import { validatePlan } from '../../shared/plan/validate';

const UUID = 'a1b2c3d4-0000-4000-8000-0000000000f4';
const PLAN: Plan = {
  title: 'one {{ braces }} {# title',
  operations: [
    { kind: 'create-mdev', uuid: UUID },
    { kind: 'assign-domain', uuid: UUID, id: 3 }
  ]
};
const host = (name: string) => {
  const sc = buildScenario(name);
  return snapshotKernel(createKernel(sc.state), sc, `demo:${name}`);
};

describe('Ansible playbook export', () => {
  it('targets {{ apmatrix_hosts | default("all") }} and embeds the script untemplated; its --dry-run is the end-state check', () => {
    const h = host('default');
    const { text, filename } = exportPlan(h, PLAN, 'ansible', { expectedAfter: validatePlan(h, PLAN).after });
    expect(filename).toBe('apmatrix-demo-default-playbook.yml');
    expect(text).toContain(`  hosts: "{{ apmatrix_hosts | default('all') }}"`);
    expect(text).toContain(`SYSFS_ROOT: "{{ apmatrix_sysfs_root | default('/sys') }}"`);
    expect(text).toMatch(/^ {8}script: !unsafe \|\n {10}#!\/bin\/sh$/m);
    // the end-state check is the script's own --dry-run (ALREADY): an empty-plan
    // script depends on nothing since the dependency-based preflight, so it always matched
    expect(text).not.toContain('end_check:');
    expect(text).toContain("argv: \"{{ ['sh', '-s', '--', '--dry-run', '--machine']");
    // the title reaches the file only in comments and the play name, without braces Ansible would template
    expect(text).toContain('- name: "AP Matrix plan: one (( braces )) (# title"');
    expect(text.match(/^ {6}"\*":$/gm)).toHaveLength(1);
  });

  it('holds one entry per host of a group plan, each with its own source', () => {
    const a = host('default');
    const b = host('demo');
    const text = exportAnsiblePlaybook(PLAN, [
      { key: 'kvm1', host: a, after: validatePlan(a, PLAN).after },
      { key: 'kvm2', host: b, after: validatePlan(b, PLAN).after }
    ]);
    expect(text).toMatch(/^ {6}"kvm1":\n {8}source: !unsafe "demo:default"$/m);
    expect(text).toMatch(/^ {6}"kvm2":\n {8}source: !unsafe "demo:demo"$/m);
    expect(() => exportAnsiblePlaybook(PLAN, [{ key: 'kvm1; rm', host: a, after: a }])).toThrow(/is not an inventory host name/);
    expect(() =>
      exportAnsiblePlaybook(PLAN, [
        { key: 'k', host: a, after: a },
        { key: 'k', host: a, after: a }
      ])
    ).toThrow(/each host may appear once/);
  });

  it('refuses a plan without a validated end state', () => {
    expect(() => exportPlan(host('default'), PLAN, 'ansible')).toThrow(/needs a plan every step of which the kernel accepts/);
  });

  it('writes literal blocks only for text that YAML keeps byte for byte', () => {
    expect(unsafeBlock('a\n  b\n', 2)).toBe('!unsafe |\n  a\n    b');
    expect(() => unsafeBlock(' lead\n', 2)).toThrow(/white space/);
    expect(() => unsafeBlock('a\x1bb\n', 2)).toThrow(/control characters/);
    expect(() => unsafeBlock('a', 2)).toThrow(/one newline/);
  });

  it('asks the script which lock option it speaks', () => {
    expect(scriptCli('case "$ap_arg" in\n    --dry-run) DRY_RUN=1 ;;\n').lockOption).toBe(false);
    expect(scriptCli('case "$1" in\n    --lock) AP_LOCK=$2; shift ;;\n').lockOption).toBe(true);
  });
});
