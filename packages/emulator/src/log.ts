/** Minimal leveled logger. Never pass tokens, passwords or secrets to it. */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

export function createLogger(verbose: boolean, sink: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const stamp = () => new Date().toISOString();
  return {
    info: (m) => sink(`${stamp()} ${m}`),
    warn: (m) => sink(`${stamp()} WARNING ${m}`),
    debug: (m) => { if (verbose) sink(`${stamp()} ${m}`); },
  };
}
