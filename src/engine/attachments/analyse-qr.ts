/**
 * QR codes in PNG and JPEG images (attachments and inline images): "scan this code to keep your mailbox" is a
 * lure that hides the link from URL filters. Dimensions are read from the header before anything is decoded,
 * images past `maxImagePixels` are not decoded at all, large ones are downsampled, and images too small to
 * hold a readable code are skipped, so logos and spacer GIFs cost almost nothing.
 */
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import type { AnalyserContext } from './analyser.ts';
import { setScan } from './analyser.ts';
import { parseUrl } from './link-from-url.ts';
import { imageSize } from './image-size.ts';
import { appendedData } from './appended-data.ts';
import { jpegEnd } from './file-end.ts';
import { findCodeRegions, toGray, type CodeRegion } from './qr-finder.ts';

// jsqr is a UMD bundle: under Node's ESM interop the function is the default export or its `.default`.
type JsQr = typeof jsQRModule.default;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

/**
 * A code a phone can scan from a screen is at least ~100 pixels wide (25+ modules of 4 pixels); smaller images
 * (logos, spacers, banner strips) are skipped without decoding.
 */
const MIN_SIDE = 100;
/** jsQR's binariser walks every pixel: past this we downsample first. */
const DECODE_PIXELS = 800_000;
/** A QR code is dark modules on a light ground (or the reverse): both must cover a fair share of the image. */
const MIN_SHARE = 0.04;
/** A dark-on-light code with its quiet zone is about a third dark; more suggests dark ground somewhere. */
const DARK_HEAVY = 0.4;

interface Rgba {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const IEND = Buffer.from([0x49, 0x45, 0x4e, 0x44]);
const IEND_CHUNK = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** The PNG cut at its IEND chunk (with one added when it is missing): pngjs refuses both cases otherwise. */
function pngImage(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const iend = buf.lastIndexOf(IEND);
  if (iend < 0) return Buffer.concat([buf, IEND_CHUNK]);
  return buf.subarray(0, Math.min(buf.length, iend + 8));
}

/** Bytes appended after a PNG's IEND: a polyglot that hides an executable or archive behind a picture. */
async function pngOverlay(ctx: AnalyserContext): Promise<void> {
  const buf = Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength);
  const iend = buf.indexOf(IEND, 8);
  if (iend < 0 || iend + 8 + 16 > buf.length) return;
  ctx.flag('trailing_data');
  await ctx.child('overlay', ctx.bytes.subarray(iend + 8));
}

function decode(ctx: AnalyserContext): Rgba | null {
  const { bytes } = ctx;
  if (ctx.type.kind === 'png') {
    const png = PNG.sync.read(pngImage(bytes));
    return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), width: png.width, height: png.height };
  }
  const limits = ctx.budget.limits;
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: limits.maxImagePixels / 1e6, maxMemoryUsageInMB: 512 });
  return { data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), width: img.width, height: img.height };
}

/** Nearest-neighbour downsampling by an integer factor: QR modules survive it, and it is cheap. */
function downsample(img: Rgba, factor: number): Rgba {
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = ((y * factor) * img.width + x * factor) * 4;
      const to = (y * width + x) * 4;
      data[to] = img.data[from]!;
      data[to + 1] = img.data[from + 1]!;
      data[to + 2] = img.data[from + 2]!;
      data[to + 3] = 255;
    }
  }
  return { data, width, height };
}

/** Shares of dark and light pixels on a sparse grid: photos and flat banners fail this cheaply. */
function contrast(img: Rgba): { dark: number; light: number } {
  let dark = 0;
  let light = 0;
  let n = 0;
  const step = Math.max(1, Math.floor(Math.sqrt((img.width * img.height) / 20_000)));
  for (let y = 0; y < img.height; y += step) {
    for (let x = 0; x < img.width; x += step) {
      const i = (y * img.width + x) * 4;
      const alpha = img.data[i + 3]!;
      // Transparent pixels show the page behind them, which is light in nearly every mail client.
      const lum = alpha < 128 ? 255 : 0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!;
      if (lum < 90) dark++;
      else if (lum > 165) light++;
      n++;
    }
  }
  return { dark: dark / n, light: light / n };
}

export async function analyseQr(ctx: AnalyserContext): Promise<void> {
  if (ctx.type.kind === 'png') await pngOverlay(ctx);
  if (ctx.type.kind === 'jpeg') await appendedData(ctx, jpegEnd(ctx.bytes));
  const size = imageSize(ctx.bytes, ctx.type.kind);
  if (!size) return;
  setScan(ctx.node, 'image', { width: size.width, height: size.height });
  if (Math.min(size.width, size.height) < MIN_SIDE) return;
  if (size.width * size.height > ctx.budget.limits.maxImagePixels) {
    ctx.flag('image_too_large');
    return;
  }
  let img = decode(ctx);
  if (!img) return;
  const pixels = img.width * img.height;
  if (pixels > DECODE_PIXELS) img = downsample(img, Math.ceil(Math.sqrt(pixels / DECODE_PIXELS)));
  const { dark, light } = contrast(img);
  if (dark < MIN_SHARE || light < MIN_SHARE) return;
  // A light-on-dark (inverted) code is worth a second pass only when the image is mostly dark; a dark-heavy
  // one may hold a light-on-dark code beside a dark-on-light one, so both kinds of finder are looked for.
  const mostlyDark = dark > light;
  const regions = findCodeRegions(toGray(img.data, img.width, img.height), dark > DARK_HEAVY);
  if (regions.length === 0) return;
  const inversionAttempts = mostlyDark ? 'attemptBoth' : 'dontInvert';
  const codes: string[] = [];
  const whole = jsQR(img.data, img.width, img.height, { inversionAttempts });
  if (whole?.data) codes.push(whole.data);
  // Several candidate codes, or one the whole-image pass missed: decode each candidate's own box.
  if (regions.length > 1 || codes.length === 0) {
    for (const region of regions) {
      const box = crop(img, region);
      const found = jsQR(box.data, box.width, box.height, { inversionAttempts: region.inverted ? 'invertFirst' : 'dontInvert' });
      if (found?.data && !codes.includes(found.data)) codes.push(found.data);
    }
  }
  if (codes.length === 0) return;
  ctx.flag('qr_code');
  const described = codes.map((code) => describeCode(ctx, code));
  setScan(ctx.node, 'qr', described.length > 1 ? { ...described[0], codes: described } : described[0]!);
}

/** The payload of one code: URLs join the message's links (parser `qr`), the rest is typed by its scheme. */
function describeCode(ctx: AnalyserContext, code: string): Record<string, unknown> {
  const data = code.slice(0, 4096);
  const url = parseUrl(data) ?? (/^www\./i.test(data) ? parseUrl(`https://${data}`) : null);
  if (url && /^https?$/.test(url.scheme ?? '')) {
    ctx.flag('qr_code_url');
    ctx.link(url.url, 'qr');
    return { type: 'url', data, url };
  }
  return { type: /^mailto:/i.test(data) ? 'email' : /^tel:/i.test(data) ? 'phone' : /^WIFI:/.test(data) ? 'wifi' : 'text', data };
}

/** The pixels of one candidate box, copied out so the decoder sees one code and its quiet zone. */
function crop(img: Rgba, r: CodeRegion): Rgba {
  const width = r.right - r.left;
  const height = r.bottom - r.top;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((r.top + y) * img.width + r.left) * 4;
    data.set(img.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { data, width, height };
}
