import type { Command } from 'commander';

export function registerGroupCommands(_program: Command): void {
  // filled in by the group work
}
