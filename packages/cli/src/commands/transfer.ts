import type { Command } from 'commander';

export function registerTransferCommands(_program: Command): void {
  // filled in by the transfer work
}
