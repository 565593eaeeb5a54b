import type { Domain, Url } from '../../../core/message.ts';
import type { ListSource } from '../../detector.ts';

/**
 * Host tables for link checks. Matching is on the host or any parent domain of it, so `x.y.netlify.app`
 * matches `netlify.app`; the tables hold what phishing kits actually use as of 2024-2026.
 */
/**
 * The entry of `table` that the host or one of its parents matches, or null. Parents are the suffixes that
 * start after a dot and still hold one (a bare TLD is never an entry); walked with indexOf rather than
 * split/join, since every link is checked against several tables.
 */
export function matchHost(host: string, table: ReadonlySet<string>): string | null {
  const h = host.toLowerCase();
  for (let start = 0, dot = h.indexOf('.'); dot >= 0; start = dot + 1, dot = h.indexOf('.', start)) {
    const s = start === 0 ? h : h.slice(start);
    if (table.has(s)) return s;
  }
  return null;
}

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Anonymous file drops. Consumer clouds (Dropbox, Drive, OneDrive) are listed apart with lower confidence. */
export const FREE_FILE_HOSTS = set(`
  wetransfer.com we.tl mediafire.com sendspace.com 4shared.com anonfiles.com gofile.io transfer.sh file.io filetransfer.io
  zippyshare.com files.fm ufile.io pixeldrain.com catbox.moe tmpfiles.org dropmefiles.com fromsmash.com swisstransfer.com
  krakenfiles.com workupload.com 1fichier.com mega.nz mega.io disk.yandex.ru disk.yandex.com filemail.com hightail.com
  jumpshare.com easyupload.io send-anywhere.com bashupload.com temp.sh
`);
export const CONSUMER_CLOUD_HOSTS = set(`
  dropbox.com dl.dropboxusercontent.com drive.google.com 1drv.ms onedrive.live.com box.com icloud.com
`);

/** Hosting where anyone gets a subdomain in minutes; IPFS gateways are the strongest of these. */
export const FREE_SITE_HOSTS = set(`
  netlify.app vercel.app pages.dev workers.dev r2.dev firebaseapp.com web.app 000webhostapp.com glitch.me herokuapp.com
  weebly.com weeblysite.com wixsite.com godaddysites.com azurewebsites.net blob.core.windows.net web.core.windows.net
  appspot.com storage.googleapis.com firebasestorage.googleapis.com s3.amazonaws.com ngrok.io ngrok-free.app ngrok.app
  trycloudflare.com surge.sh onrender.com fly.dev repl.co replit.app replit.dev gitbook.io webflow.io square.site
  mystrikingly.com strikingly.com jimdosite.com yolasite.com site123.me carrd.co framer.app framer.website notion.site
  sites.google.com business.site translate.goog mybluehost.me wcomhost.com backblazeb2.com digitaloceanspaces.com
  codesandbox.io csb.app glitch.com github.io rsc.cdn77.org
`);
export const IPFS_HOSTS = set(`
  ipfs.io dweb.link cloudflare-ipfs.com nftstorage.link w3s.link fleek.co 4everland.io gateway.pinata.cloud ipfs.fleek.co
  infura-ipfs.io ipfs.eth.aragon.network
`);

/** Free form builders: a login form here collects whatever the victim types. */
export const FORM_HOSTS = set(`
  forms.gle forms.office.com forms.microsoft.com typeform.com jotform.com jotform.me formstack.com wufoo.com
  123formbuilder.com cognitoforms.com formsite.com paperform.co forms.zohopublic.com tally.so formspree.io getform.io
  formcrafts.com form.jotform.com forms.yandex.com forms.yandex.ru
`);

/** True when the URL is a Google Form (docs.google.com/forms/...). */
export function isGoogleForm(url: Url): boolean {
  return url.domain.domain === 'docs.google.com' && /^\/forms\//i.test(url.path ?? '');
}

/** Google Drawings and Slides: a favourite for a one-image "document" whose only link leads to the kit. */
export function isGoogleDrawing(url: Url): boolean {
  return url.domain.domain === 'docs.google.com' && /^\/(drawings|presentation)\//i.test(url.path ?? '');
}

/** TLDs with a high share of abuse (Spamhaus / Interisle reports); mainstream new gTLDs are left out. */
export const SUSPICIOUS_TLDS = set(`
  tk ml ga cf gq xyz top icu buzz cyou rest sbs click link work zip mov cam monster quest bond cfd pw su loan win bid date
  racing review stream download trade party science men gdn kim country accountant faith cricket webcam lat autos boats
  homes yachts motorcycles beauty hair skin makeup lol mom uno best surf digital
`);

/**
 * How strongly a domain's TLD points at abuse, 0..1. Our own table counts fully; the shipped
 * `suspicious_tlds` list is broader (it holds busy gTLDs such as .online and .shop), so a TLD only there
 * counts for less.
 */
export function suspiciousTld(d: Domain, lists: ListSource): number {
  const tld = d.tld.split('.').pop() ?? '';
  if (!tld) return 0;
  if (SUSPICIOUS_TLDS.has(tld)) return 1;
  return lists.get('suspicious_tlds').has(tld) ? 0.75 : 0;
}
