import type { Command } from 'commander';

export function registerAuthCommands(_program: Command): void {
  // filled in by the auth work
}
