// Asks a yes/no question before a destructive command (as `az group delete` does without --yes).
import { createInterface } from 'node:readline/promises';

/**
 * On a terminal: asks `question` on stderr and resolves true only for y/yes. Without a terminal (scripts, pipes,
 * CI) there is nobody to ask: resolves true, so commands keep working unattended; `--yes` skips the question.
 */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await rl.question(`${question} (y/N) `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
