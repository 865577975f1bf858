/**
 * Terminal helpers for the command line: a progress indicator on stderr (a
 * spinner line when stderr is a terminal, nothing otherwise, so logs stay
 * clean), a yes/no question and a hidden passphrase prompt (TTY only).
 */
import { createInterface } from 'node:readline';

export interface Spinner {
  update(text: string): void;
  /** prints a permanent line (step results) above the spinner */
  line(text: string): void;
  stop(): void;
}

const FRAMES = ['|', '/', '-', '\\'];

export function spinner(text: string): Spinner {
  const tty = process.stderr.isTTY === true;
  let current = text;
  let frame = 0;
  const draw = () => process.stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`);
  const timer = tty ? setInterval(draw, 120) : null;
  if (tty) draw();
  return {
    update(t) {
      current = t;
      if (tty) draw();
    },
    line(t) {
      if (tty) process.stderr.write('\r\x1b[2K');
      process.stderr.write(t + '\n');
      if (tty) draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (tty) process.stderr.write('\r\x1b[2K');
    }
  };
}

/** Runs `work` with a spinner showing `text`. */
export async function withSpinner<T>(text: string, work: () => Promise<T>): Promise<T> {
  const s = spinner(text);
  try {
    return await work();
  } finally {
    s.stop();
  }
}

export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Asks for a secret without echoing it (TTY only); resolves null on empty input. */
export async function askHidden(prompt: string): Promise<string | null> {
  if (!isInteractive()) return null;
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string | null>((resolve, reject) => {
      let text = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            return resolve(text || null);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            return reject(new Error('interrupted'));
          }
          if (ch === '\u007f') text = text.slice(0, -1);
          else text += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}
