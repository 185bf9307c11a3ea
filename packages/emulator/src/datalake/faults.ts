import type { FaultOptions } from '../config.js';

export type Fault = 'none' | '503' | '429' | 'drop';

/** Draws the fault for one data-plane request from the configured rates (independent, checked in this order). */
export function drawFault(f: FaultOptions, random: () => number = Math.random): Fault {
  if (f.rate503 > 0 && random() < f.rate503) return '503';
  if (f.rate429 > 0 && random() < f.rate429) return '429';
  if (f.rateDrop > 0 && random() < f.rateDrop) return 'drop';
  return 'none';
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
