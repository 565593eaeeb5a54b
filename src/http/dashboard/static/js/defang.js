// Defanging for the dashboard, mirroring src/alerts/defang.ts (test/unit/http/dashboard/defang.test.ts keeps
// the two in step). Analysts copy evidence into tickets and chats, which turn a URL or a host name into a live
// link: those are defanged wherever the dashboard shows them. Addresses stay as they are, as in the From and
// Return-Path facts (a chat makes at most a mailto: of them, and an analyst pastes them into the sender filter and
// the allow and block lists). File names stay as they are too: `payment-run.csv` ends in no top-level domain.

/**
 * File extensions that are no top-level domain, so a name ending in one is a file, never a host. Extensions
 * that are also TLDs (.zip, .mov, .com, .one, .py…) are not here: such a name could be a live host and is defanged.
 */
export const FILE_EXTENSIONS = new Set([
  'csv', 'pdf', 'doc', 'docx', 'docm', 'dotx', 'xls', 'xlsx', 'xlsm', 'xlsb', 'xlt', 'ppt', 'pptx', 'pptm', 'pps', 'ppsx',
  'txt', 'rtf', 'odt', 'ods', 'odp', 'eml', 'msg', 'htm', 'html', 'shtml', 'mht', 'mhtml', 'xml', 'json', 'js', 'jse', 'mjs',
  'vbs', 'vbe', 'wsf', 'wsh', 'hta', 'ps1', 'bat', 'cmd', 'exe', 'dll', 'scr', 'msi', 'msp', 'lnk', 'iso', 'img', 'vhd', 'vhdx',
  'rar', 'tar', 'gz', 'tgz', 'xz', 'zipx', 'ace', 'arj', 'lzh', 'jar', 'apk', 'dmg', 'pkg', 'xll', 'iqy', 'slk',
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'svg', 'tif', 'tiff', 'webp', 'heic', 'ics', 'vcf', 'url', 'log', 'rb', 'php', 'asp', 'aspx',
  'jsp', 'cer', 'crt', 'pem', 'pfx', 'psd', 'eps', 'mp3', 'mp4', 'wav', 'avi', 'mkv',
]);

const URL = String.raw`\b(?:https?|ftp):\/\/[^\s<>"']+`;
const ADDRESS = String.raw`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`;
const HOST = String.raw`\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b`;
/** One pass, leftmost match first: a URL or an address is taken whole before its host could match alone. */
const TOKENS = new RegExp(`(${URL})|(${ADDRESS})|(${HOST})`, 'gi');

export function isFileName(name) {
  return FILE_EXTENSIONS.has(String(name).split('.').at(-1).toLowerCase());
}

/** `evil.example` → `evil[.]example`; a file name is returned as it is. */
export function defangHost(host) {
  return isFileName(host) ? host : String(host).replace(/\./g, '[.]');
}

/** A URL with its scheme made unclickable and every dot of its host bracketed: `hxxps[://]evil[.]example/x`. */
export function defangUrl(url) {
  return String(url)
    .replace(/^http(s?):/i, 'hxxp$1:')
    .replace(/^ftp:/i, 'fxp:')
    .replace(/:\/\//, '[://]')
    .replace(/(\[:\/\/\])([^/?#]*)/, (_m, sep, host) => sep + host.replace(/\./g, '[.]'));
}

/** Defangs the URLs and host names inside free text (finding evidence, link text); addresses and file names stay. */
export function defangText(text) {
  return String(text).replace(TOKENS, (_m, url, address, host) => (url ? defangUrl(url) : address ? address : defangHost(host)));
}
