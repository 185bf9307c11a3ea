/** A one-line spinner on stderr, drawn only on a terminal (scripts and pipes see nothing). */
export interface SpinnerStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Spinner {
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private readonly started = Date.now();

  constructor(private readonly stream: SpinnerStream, private text: string) {}

  start(): this {
    if (!this.stream.isTTY || this.timer) return this;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
    this.draw();
    return this;
  }

  update(text: string): void {
    this.text = text;
  }

  /** Clears the line; prints `finalLine` (if any) in its place. */
  stop(finalLine?: string): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.stream.write('\r\x1b[2K');
    }
    if (finalLine && this.stream.isTTY) this.stream.write(finalLine + '\n');
  }

  private draw(): void {
    const secs = Math.floor((Date.now() - this.started) / 1000);
    this.stream.write(`\r\x1b[2K${FRAMES[this.frame++ % FRAMES.length]} ${this.text} (${secs}s)`);
  }
}
