/** A one-line progress bar on stderr, redrawn at most every 100 ms; only used when stderr is a terminal. */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  private readonly started = performance.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(filesDone: number, messages: number): void {
    const now = performance.now();
    if (now - this.last < 100 && filesDone < this.total) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((width * filesDone) / Math.max(1, this.total));
    const rate = messages / Math.max(0.001, (now - this.started) / 1000);
    this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${filesDone}/${this.total} files, ${messages} msgs, ${rate.toFixed(0)} msg/s `);
    this.drawn = true;
  }

  /** Wipes the bar so a result line can be printed cleanly. */
  clear(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
