/**
 * mbox: messages separated by "From " envelope lines. A "From " line only starts a message at the start of
 * the file or after a blank line and when it looks like an envelope (sender, then an asctime date), so a
 * sentence starting with "From " in a body that the writer failed to escape does not split a message.
 * `>From ` escapes (mboxrd) lose one `>`.
 */
const ENVELOPE = /^From \S*[ \t]+(?:\S+[ \t]+)?(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ \t]/;

export function isMbox(raw: Uint8Array): boolean {
  return raw.length > 5 && raw[0] === 0x46 && Buffer.from(raw.subarray(0, 5)).toString('latin1') === 'From ';
}

export function splitMbox(raw: Uint8Array): Uint8Array[] {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const text = buf.toString('latin1');
  const starts: number[] = [0];
  let pos = 0;
  for (;;) {
    const hit = text.indexOf('\nFrom ', pos);
    if (hit < 0) break;
    pos = hit + 1;
    const prevBlank = text[hit - 1] === '\n' || (text[hit - 1] === '\r' && text[hit - 2] === '\n');
    const lineEnd = text.indexOf('\n', hit + 1);
    const line = text.slice(hit + 1, lineEnd < 0 ? undefined : lineEnd);
    if (prevBlank && ENVELOPE.test(line)) starts.push(hit + 1);
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = i + 1 < starts.length ? starts[i + 1]! : text.length;
    const bodyStart = text.indexOf('\n', from);
    if (bodyStart < 0 || bodyStart >= to) continue;
    const chunk = text.slice(bodyStart + 1, to);
    out.push(Buffer.from(unescapeFrom(chunk), 'latin1'));
  }
  return out;
}

function unescapeFrom(chunk: string): string {
  return chunk.includes('>From ') ? chunk.replace(/^>(>*From )/gm, '$1') : chunk;
}
