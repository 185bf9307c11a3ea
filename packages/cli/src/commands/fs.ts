import type { Command } from 'commander';

export function registerFsCommands(_program: Command): void {
  // filled in by the fs work
}
