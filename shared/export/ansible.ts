/**
 * The plan as a self-contained Ansible playbook (issue 11 item 4): one YAML
 * file with the plan's shell script embedded (the same generator as the
 * `sh` export and the engine's apply), per host:
 *
 * 1. an end-state check: the plan script's own `--dry-run`, whose "already
 *    applied" check compares what the plan depends on with the end state;
 *    `ALREADY` means the host already is where the plan leads, so nothing runs
 *    and nothing is reported changed (a second run: changed=0). (An empty-plan
 *    script no longer serves: it depends on nothing, so it always matched.)
 * 2. otherwise the plan script, with its lock and preflight (a host that
 *    drifted is refused, exit 3, and reported failed while the others apply);
 *    under `--check` the script's `--dry-run` instead, which writes nothing;
 * 3. the result of each host (steps landed, or the refusal) as a debug line.
 *
 * Scripts run through `sh -s` with the text on stdin, as the engine runs them
 * over SSH: no temporary files on the host. Variables: `apmatrix_hosts`
 * (default all), `apmatrix_sysfs_root` (default /sys), `apmatrix_lock`,
 * `apmatrix_journal_dir` (default the script's /run/apmatrix).
 */
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { ExportError } from './exportError';
import { commentText } from './sanitize';
import { ALREADY_LINE, DEFAULT_AP_LOCK, DONE_LINE, scriptCli } from './scriptCoupling';
import { exportShellScript } from './shellScript';
import { unsafeBlock, unsafeScalar, yq } from './yamlText';

export interface AnsibleHostPlan {
  /** the inventory host name this script is for, or `*` for every host of the play */
  key: string;
  /** the host as read (the script's preflight wants it exactly so) */
  host: HostState;
  /** the host after the plan, from validation's replay */
  after: HostState;
}

export interface AnsibleOptions {
  generatedAt?: string;
}

const INVENTORY_NAME = /^[A-Za-z0-9_.:@-]+$/;

function hostEntry(plan: Plan, h: AnsibleHostPlan, generatedAt: string): string[] {
  if (h.key !== '*' && !INVENTORY_NAME.test(h.key)) throw new ExportError('host', `${JSON.stringify(h.key)} is not an inventory host name`);
  const script = exportShellScript(h.host, plan, { machine: false, expectedAfter: h.after, generatedAt });
  return [
    `      ${yq(h.key)}:`,
    `        source: ${unsafeScalar(commentText(h.host.source))}`,
    `        fingerprint: ${unsafeScalar(commentText(h.host.fingerprint))}`,
    `        steps: ${plan.operations.length}`,
    `        lock_option: ${scriptCli(script).lockOption}`,
    `        script: ${unsafeBlock(script, 10)}`
  ];
}

/** argv of one script run: `sh -s -- ARGS`, the lock as an option when the script takes it. */
const ARGV = (args: string[]) =>
  `"{{ ['sh', '-s', '--', ${args.map((a) => `'${a}'`).join(', ')}] + (['--lock', apmatrix_lock_path] if apmatrix_entry.lock_option else []) + (['--journal-dir', apmatrix_journal_dir] if apmatrix_journal_dir is defined else []) }}"`;

const RUN_ENV = [
  '      environment:',
  '        SYSFS_ROOT: "{{ apmatrix_sysfs_root | default(\'/sys\') }}"',
  '        AP_LOCK: "{{ apmatrix_lock_path }}"'
];

export function exportAnsiblePlaybook(plan: Plan, hosts: AnsibleHostPlan[], opts: AnsibleOptions = {}): string {
  if (hosts.length === 0) throw new ExportError('hosts', 'a playbook needs at least one host plan');
  const keys = new Set(hosts.map((h) => h.key));
  if (keys.size !== hosts.length) throw new ExportError('hosts', 'each host may appear once');
  const generatedAt = opts.generatedAt ?? new Date().toISOString();
  const title = commentText(plan.title) || '(untitled)';
  const lines = [
    '# AP Matrix plan as an Ansible playbook.',
    `# Plan: ${title}; ${plan.operations.length} step${plan.operations.length === 1 ? '' : 's'}.`,
    `# Hosts it was made for: ${hosts.map((h) => `${h.key === '*' ? 'every host of the play' : commentText(h.key)} (read from ${commentText(h.host.source)}, fingerprint ${commentText(h.host.fingerprint)})`).join('; ')}.`,
    `# Generated ${commentText(generatedAt)}.`,
    '#',
    '#   ansible-playbook -i INVENTORY THIS_FILE [--check] [-e apmatrix_hosts=GROUP]',
    '#     [-e apmatrix_sysfs_root=/sys] [-e apmatrix_lock=/run/lock/s390apconfig.lock]',
    '#     [-e apmatrix_journal_dir=/run/apmatrix]',
    '#',
    "# Each host first checks whether it already is in the plan's end state (then",
    "# nothing is written and nothing reported changed); otherwise the plan's script",
    '# takes the s390 AP configuration lock, checks that the host is exactly as it was',
    '# read (a host that changed is refused and reported failed; the others go on),',
    "# writes, and checks the result. --check runs the script's --dry-run: nothing",
    '# is written. Run as root (ansible_become, or log in as root).',
    // Ansible templates play names: no braces from the title reach it
    '- name: ' + yq(`AP Matrix plan: ${title.replace(/\{/g, '(').replace(/\}/g, ')')}`),
    '  hosts: "{{ apmatrix_hosts | default(\'all\') }}"',
    '  gather_facts: false',
    '  vars:',
    '    apmatrix_entry: "{{ apmatrix_plans[inventory_hostname] if inventory_hostname in apmatrix_plans else apmatrix_plans[\'*\'] | default(none) }}"',
    `    apmatrix_lock_path: "{{ apmatrix_lock | default('${DEFAULT_AP_LOCK}') }}"`,
    '    apmatrix_plans:',
    ...hosts.flatMap((h) => hostEntry(plan, h, generatedAt)),
    '  tasks:',
    '    - name: This host has a plan in this playbook',
    '      ansible.builtin.assert:',
    '        that: apmatrix_entry is mapping',
    '        fail_msg: "AP Matrix: this playbook holds no plan for {{ inventory_hostname }} (it has plans for: {{ apmatrix_plans.keys() | join(\', \') }})"',
    '        quiet: true',
    '',
    "    - name: Check whether the host already is in the plan's end state",
    '      ansible.builtin.command:',
    `        argv: ${ARGV(['--dry-run', '--machine'])}`,
    '        stdin: "{{ apmatrix_entry.script }}"',
    '        stdin_add_newline: false',
    ...RUN_ENV,
    '      register: apmatrix_end',
    '      check_mode: false',
    '      changed_when: false',
    '      failed_when: apmatrix_end.rc not in [0, 3]',
    '',
    '    - name: Dry run of the plan (--check writes nothing)',
    '      ansible.builtin.command:',
    `        argv: ${ARGV(['--dry-run', '--machine'])}`,
    '        stdin: "{{ apmatrix_entry.script }}"',
    '        stdin_add_newline: false',
    ...RUN_ENV,
    '      register: apmatrix_dry',
    '      check_mode: false',
    `      when: ansible_check_mode and '${ALREADY_LINE}' not in apmatrix_end.stdout_lines`,
    `      changed_when: "'${ALREADY_LINE}' not in apmatrix_dry.stdout_lines"`,
    '',
    '    - name: Apply the plan',
    '      block:',
    '        - name: Run the plan script (lock, preflight, steps, final check)',
    '          ansible.builtin.command:',
    `            argv: ${ARGV(['--machine'])}`,
    '            stdin: "{{ apmatrix_entry.script }}"',
    '            stdin_add_newline: false',
    ...RUN_ENV.map((l) => '    ' + l),
    '          register: apmatrix_apply',
    `          changed_when: apmatrix_apply.rc == 0 and '${ALREADY_LINE}' not in apmatrix_apply.stdout_lines`,
    '          failed_when: apmatrix_apply.rc != 0',
    '      always:',
    '        - name: Result',
    '          ansible.builtin.debug:',
    '            msg: "{{ apmatrix_report }}"',
    '          vars:',
    `            apmatrix_report: "{{ ('applied: ' ~ ((apmatrix_apply.stdout_lines | select('match', '^STEP [0-9]+ OK$') | list | length)) ~ ' of ' ~ apmatrix_entry.steps ~ ' steps landed; ' ~ (apmatrix_apply.stderr_lines | join('; '))) if apmatrix_apply.rc == 0 and '${DONE_LINE}' in apmatrix_apply.stdout_lines else ('REFUSED or FAILED (exit ' ~ apmatrix_apply.rc ~ '): ' ~ (apmatrix_apply.stdout_lines | join('; ')) ~ ' -- ' ~ (apmatrix_apply.stderr_lines | join('; ')) if apmatrix_apply.rc != 0 else 'already in the end state of the plan: nothing to do') }}"`,
    `      when: not ansible_check_mode and '${ALREADY_LINE}' not in apmatrix_end.stdout_lines`,
    '',
    '    - name: Result',
    '      ansible.builtin.debug:',
    `        msg: "{{ 'already in the end state of the plan: nothing to do' if '${ALREADY_LINE}' in apmatrix_end.stdout_lines else 'check mode: would write ' ~ (apmatrix_dry.stdout_lines | select('match', '^DRY ') | list | length) ~ ' steps: ' ~ (apmatrix_dry.stdout_lines | join('; ')) }}"`,
    `      when: ansible_check_mode or '${ALREADY_LINE}' in apmatrix_end.stdout_lines`,
    ''
  ];
  return lines.join('\n');
}
