/**
 * TNEF (`winmail.dat`, application/ms-tnef): Outlook wraps a message's attachments in this container when it
 * sends "rich text", and every other mail client shows only the opaque .dat, so an executable inside it is easy
 * to miss. The attribute records are walked (level, id, length, data, checksum); each attachment's title and
 * data become a child file (named by its long file name from the MAPI properties when there is one; an attached
 * message's own TNEF stream included) and the plain body becomes text.
 */
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { OBJECT_TYPE, PR_ATTACH_DATA_OBJ, PR_ATTACH_LONG_FILENAME, mapiString, readMapiProps } from './tnef-mapi.ts';

const LEVEL_MESSAGE = 1;
const LEVEL_ATTACHMENT = 2;
/** Attribute ids (low 16 bits of the attribute word). */
const ATT_BODY = 0x800c;
const ATT_SUBJECT = 0x8004;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_RENDDATA = 0x9002;
const ATT_ATTACHMENT = 0x9005;
/** Records walked at most: a real winmail.dat has a few dozen. */
const MAX_RECORDS = 10_000;

interface PendingFile {
  title: string | null;
  /** The real name from the MAPI properties: the title is often an 8.3 short name (INVOIC~1.EXE). */
  longName: string | null;
  data: Uint8Array | null;
}

function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return Buffer.from(bytes.buffer, bytes.byteOffset, nul < 0 ? bytes.length : nul).toString('latin1').slice(0, 260);
}

export async function analyseTnef(ctx: AnalyserContext): Promise<void> {
  const b = ctx.bytes;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const files: PendingFile[] = [];
  let subject: string | null = null;
  let truncated = false;
  let p = 6; // signature (4) and legacy key (2)
  for (let n = 0; p + 9 <= b.length; n++) {
    if (n >= MAX_RECORDS) {
      truncated = true;
      break;
    }
    const level = b[p]!;
    const id = dv.getUint32(p + 1, true) & 0xffff;
    const length = dv.getUint32(p + 5, true);
    const start = p + 9;
    if (length > b.length - start || (level !== LEVEL_MESSAGE && level !== LEVEL_ATTACHMENT)) {
      truncated = true;
      break;
    }
    const data = b.subarray(start, start + length);
    if (level === LEVEL_MESSAGE && id === ATT_BODY) ctx.text(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'));
    if (level === LEVEL_MESSAGE && id === ATT_SUBJECT) subject = cString(data);
    if (level === LEVEL_ATTACHMENT) {
      // A rendering record opens each attachment; tolerate writers that start with the title or data instead.
      if (id === ATT_ATTACH_RENDDATA || files.length === 0) files.push({ title: null, longName: null, data: null });
      const file = files[files.length - 1]!;
      if (id === ATT_ATTACH_TITLE) file.title = cString(data);
      if (id === ATT_ATTACH_DATA) file.data = data;
      if (id === ATT_ATTACHMENT) {
        const props = readMapiProps(data);
        file.longName = mapiString(props.get(PR_ATTACH_LONG_FILENAME));
        // An attached message is stored as an object: a 16-byte interface id, then its own TNEF stream.
        const object = props.get(PR_ATTACH_DATA_OBJ);
        if (!file.data && object && object.type === OBJECT_TYPE && object.bytes.length > 16) file.data = object.bytes.subarray(16);
      }
    }
    p = start + length + 2; // the 16-bit checksum is not checked: a wrong one changes nothing we report
  }
  if (truncated) ctx.flag('corrupt_archive');
  const names = files.map((f) => f.longName ?? f.title);
  setScan(ctx.node, 'tnef', { subject, attachments: names.slice(0, 100) });
  for (const file of files) {
    if (!file.data || file.data.length === 0) continue;
    if (!ctx.budget.takeEntry()) {
      ctx.flag('entry_limit');
      break;
    }
    await ctx.child(file.longName ?? file.title, file.data);
  }
}
