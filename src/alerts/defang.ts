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

export function defangDomain(domain: string): string {
  return domain.replace(/\./g, '[.]');
}

export function defangEmail(email: string): string {
  return email.replace('@', '[@]').replace(/\./g, '[.]');
}

/** Defangs every URL, host-like token and address inside free text (evidence strings, subjects). */
export function defangText(text: string): string {
  return text
    .replace(/\b(?:https?|ftp):\/\/[^\s<>"']+/gi, (u) => defangUrl(u))
    .replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, (e) => defangEmail(e))
    .replace(/\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,24})\b(?!\])/gi, (d) => (d.includes('[') ? d : defangDomain(d)));
}
