// Reads a password from the terminal without echoing it.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError, EXIT } from './exit.js';

export async function promptPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError('no password: use --password, ADLS_PASSWORD, or run in a terminal', EXIT.BAD_INPUT);
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) { if (!muted) process.stderr.write(chunk); cb(); },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => { process.stderr.write('\n'); resolve(answer); });
      muted = true;
    });
  } finally {
    rl.close();
  }
}
