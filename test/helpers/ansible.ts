/**
 * Debian's real ansible-playbook for the tests, kept inside the test's own
 * work folder: its home, temp dirs, the AP lock and each host's apply journal
 * live below `work`, never in this machine's ~ or /run.
 */
import { join } from 'node:path';
import { run } from './simMount';

export interface AnsibleOptions {
  timeoutMs: number;
  /** more environment on top of the isolating one (e.g. SSH_AUTH_SOCK: '' for SSH runs) */
  env?: Record<string, string>;
}

export function ansiblePlaybook(work: string, args: string[], opts: AnsibleOptions) {
  const env = {
    ...process.env,
    HOME: join(work, 'home'),
    ANSIBLE_LOCAL_TEMP: join(work, 'ansible-local'),
    ANSIBLE_REMOTE_TEMP: join(work, 'ansible-remote'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ...opts.env
  };
  // each host journals in its own directory below work, never in this machine's /run
  const journal = `apmatrix_journal_dir=${join(work, 'journal')}-{{ inventory_hostname }}`;
  return run('ansible-playbook', [...args, '-e', `apmatrix_lock=${join(work, 'ap.lock')}`, '-e', journal], {
    env,
    timeoutMs: opts.timeoutMs
  });
}

/** `{changed, failed, ...}` of one host from the PLAY RECAP */
export function recap(stdout: string, host: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith(host + ' ') && l.includes(' : ok='));
  if (!line) throw new Error(`no recap line for ${host} in:\n${stdout}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
}
