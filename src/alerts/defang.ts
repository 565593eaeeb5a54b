/**
 * Makes URLs, domains and addresses unclickable in mail and dashboards: `hxxps://evil[.]example/x`. Mail
 * clients auto-link anything that looks like a URL or a host name, so every dot of a host is bracketed too.
 */
export function defangUrl(url: string): string {
  return url
    .replace(/^http(s?):/i, (_m, s: string) => `hxxp${s}:`)
    .replace(/^ftp:/i, 'fxp:')
    .replace(/:\/\//, '[://]')
    .replace(/^([^/?#]*)/, (host) => host.replace(/\./g, '[.]'))
    .replace(/(\[:\/\/\])([^/?#]*)/, (_m, sep: string, host: string) => sep + host.replace(/\./g, '[.]'));
}

/**
 * File extensions that are no top-level domain, so a name ending in one is a file (`payment-run.csv`), never a
 * host, and is left as it is. Extensions that are also TLDs (.zip, .mov, .com, .one, .py…) are not here: such a
 * name could be a live host and is defanged. The dashboard's js/defang.js holds the same list.
 */
export const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  'csv', 'pdf', 'doc', 'docx', 'docm', 'dotx', 'xls', 'xlsx', 'xlsm', 'xlsb', 'xlt', 'ppt', 'pptx', 'pptm', 'pps', 'ppsx',
  'txt', 'rtf', 'odt', 'ods', 'odp', 'eml', 'msg', 'htm', 'html', 'shtml', 'mht', 'mhtml', 'xml', 'json', 'js', 'jse', 'mjs',
  'vbs', 'vbe', 'wsf', 'wsh', 'hta', 'ps1', 'bat', 'cmd', 'exe', 'dll', 'scr', 'msi', 'msp', 'lnk', 'iso', 'img', 'vhd', 'vhdx',
  'rar', 'tar', 'gz', 'tgz', 'xz', 'zipx', 'ace', 'arj', 'lzh', 'jar', 'apk', 'dmg', 'pkg', 'xll', 'iqy', 'slk',
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'svg', 'tif', 'tiff', 'webp', 'heic', 'ics', 'vcf', 'url', 'log', 'rb', 'php', 'asp', 'aspx',
  'jsp', 'cer', 'crt', 'pem', 'pfx', 'psd', 'eps', 'mp3', 'mp4', 'wav', 'avi', 'mkv',
]);

export function isFileName(name: string): boolean {
  return FILE_EXTENSIONS.has(name.split('.').at(-1)!.toLowerCase());
}

export function defangDomain(domain: string): string {
  return domain.replace(/\./g, '[.]');
}

export function defangEmail(email: string): string {
  return email.replace('@', '[@]').replace(/\./g, '[.]');
}

/** Defangs every URL, host-like token and address inside free text (evidence strings, subjects); file names stay. */
export function defangText(text: string): string {
  return text
    .replace(/\b(?:https?|ftp):\/\/[^\s<>"']+/gi, (u) => defangUrl(u))
    .replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, (e) => defangEmail(e))
    .replace(/\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,24})\b(?!\])/gi, (d) => (d.includes('[') || isFileName(d) ? d : defangDomain(d)));
}
