import type { Command } from 'commander';

export function registerAccountCommands(_program: Command): void {
  // filled in by the account work
}
