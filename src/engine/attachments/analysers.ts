/** Which analyser reads which real file type. Types without an entry are typed, hashed and flagged only. */
import type { Analyser } from './analyser.ts';
import type { FileKind } from './file-type.ts';
import { analyseZip } from './analyse-zip.ts';
import { analysePdf } from './analyse-pdf.ts';
import { analyseOle } from './analyse-ole.ts';
import { analyseRtf } from './analyse-rtf.ts';
import { analyseHtml } from './analyse-html.ts';
import { analyseQr } from './analyse-qr.ts';
import { analyseLnk, analyseOneNote, analyseUrlShortcut } from './analyse-shortcuts.ts';
import { analyseText } from './analyse-text.ts';
import { analyseTnef } from './analyse-tnef.ts';
import { analyseEmail } from './analyse-email.ts';
import { analyseSzdd } from './analyse-szdd.ts';
import { analyseExecutable } from './analyse-executable.ts';
import { analyseImageEnd } from './analyse-image-end.ts';
import { analyseCpio, analyseGzip, analyseTar, analyseUnsupportedArchive } from './analyse-archives.ts';

export const ANALYSERS: Partial<Record<FileKind, Analyser>> = {
  zip: analyseZip,
  gzip: analyseGzip,
  tar: analyseTar,
  rar: analyseUnsupportedArchive,
  '7z': analyseUnsupportedArchive,
  iso: analyseUnsupportedArchive,
  udf: analyseUnsupportedArchive,
  cab: analyseUnsupportedArchive,
  bzip2: analyseUnsupportedArchive,
  xz: analyseUnsupportedArchive,
  dmg: analyseUnsupportedArchive,
  xar: analyseUnsupportedArchive,
  arj: analyseUnsupportedArchive,
  cpio: analyseCpio,
  szdd: analyseSzdd,
  tnef: analyseTnef,
  email: analyseEmail,
  pdf: analysePdf,
  ole: analyseOle,
  rtf: analyseRtf,
  html: analyseHtml,
  svg: analyseHtml,
  hta: analyseHtml,
  png: analyseQr,
  jpeg: analyseQr,
  bmp: analyseImageEnd,
  gif: analyseImageEnd,
  pe: analyseExecutable,
  lnk: analyseLnk,
  url_shortcut: analyseUrlShortcut,
  onenote: analyseOneNote,
  text: analyseText,
  xml: analyseText,
  script: analyseText,
};
