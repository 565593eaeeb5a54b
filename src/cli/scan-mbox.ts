/**
 * mbox: messages separated by "From " envelope lines. A "From " line only starts a message at the start of
 * the file or after a blank line and when it looks like an envelope (sender, then an asctime date), so a
 * sentence starting with "From " in a body that the writer failed to escape does not split a message.
 * `>From ` escapes (mboxrd) lose one `>`. The splitter takes the file in chunks, so a large mbox streams.
 */
const ENVELOPE = /^From \S*[ \t]+(?:\S+[ \t]+)?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]/;
const NEEDLE = Buffer.from('\nFrom ', 'latin1');
const ESCAPED = Buffer.from('>From ', 'latin1');
/** Longest envelope line we wait for before deciding; a longer "From " line is not an envelope. */
const MAX_ENVELOPE = 1024;

export function isMbox(raw: Uint8Array): boolean {
  return raw.length >= 5 && raw[0] === 0x46 && Buffer.from(raw.buffer, raw.byteOffset, 5).toString('latin1') === 'From ';
}

/** Splits a whole mbox held in memory. */
export function splitMbox(raw: Uint8Array): Uint8Array[] {
  const s = new MboxSplitter();
  return [...s.push(raw), ...s.end()];
}

export class MboxSplitter {
  private buf = Buffer.alloc(64 * 1024);
  private len = 0;
  /** Where the message being collected starts in `buf`. */
  private start = 0;
  /** Where to resume looking for the next envelope. */
  private scanFrom = 0;

  /** Adds bytes; returns the messages completed by them. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.append(chunk);
    return this.scan(false);
  }

  /** No more bytes: the last message is complete. */
  end(): Uint8Array[] {
    const out = this.scan(true);
    if (this.len > this.start) {
      const last = messageOf(this.buf.subarray(this.start, this.len));
      if (last) out.push(last);
    }
    this.start = this.len;
    return out;
  }

  private scan(final: boolean): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (;;) {
      const hit = this.buf.subarray(0, this.len).indexOf(NEEDLE, Math.max(this.scanFrom, this.start));
      if (hit < 0) {
        this.scanFrom = Math.max(this.start, this.len - NEEDLE.length);
        break;
      }
      const lineStart = hit + 1;
      let lineEnd = this.buf.subarray(0, this.len).indexOf(10, lineStart);
      if (lineEnd < 0) {
        if (!final && this.len - lineStart < MAX_ENVELOPE) {
          this.scanFrom = hit; // wait for the rest of the line
          break;
        }
        lineEnd = this.len;
      }
      const prevBlank = this.buf[hit - 1] === 10 || (this.buf[hit - 1] === 13 && this.buf[hit - 2] === 10);
      if (prevBlank && hit > this.start && ENVELOPE.test(this.buf.toString('latin1', lineStart, Math.min(lineEnd, lineStart + MAX_ENVELOPE)))) {
        const message = messageOf(this.buf.subarray(this.start, lineStart));
        if (message) out.push(message);
        this.start = lineStart;
      }
      this.scanFrom = lineStart;
    }
    this.compact();
    return out;
  }

  private append(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      this.compact();
      if (this.len + chunk.length > this.buf.length) {
        // Doubling keeps appends amortised linear however large one message grows.
        const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.len + chunk.length));
        this.buf.copy(bigger, 0, 0, this.len);
        this.buf = bigger;
      }
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  /** Drops the bytes of messages already handed out. */
  private compact(): void {
    if (this.start === 0) return;
    this.buf.copy(this.buf, 0, this.start, this.len);
    this.len -= this.start;
    this.scanFrom = Math.max(0, this.scanFrom - this.start);
    this.start = 0;
  }
}

/** One message's bytes without its envelope line; the copy is the caller's. Null when only an envelope. */
function messageOf(chunk: Buffer): Uint8Array | null {
  const nl = chunk.indexOf(10);
  if (nl < 0) return null;
  const body = chunk.subarray(nl + 1);
  if (!body.includes(ESCAPED)) return Buffer.from(body);
  return Buffer.from(body.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}
