/**
 * Entities of MailWarden's local NLU stand-in (not Sublime's model): spans of the text named the way the rules
 * read them — `request`, `urgency`, `financial`, `org`, `sender`, `recipient`, `salutation`, `greeting`,
 * `signature`, `disclaimer`. Each is a pattern over the original text; `.text` is the span as written, so rules
 * that compare `.text` with a brand or a name see the words of the message.
 */
import { gated, TextLiterals, type GatedRegex } from './ml-nlu-gate.ts';

export interface Entity {
  name: string;
  text: string;
}

const MAX_PER_NAME = 8;

/** Phrases asking the reader to do something. */
const REQUEST = [
  String.raw`\b(?:please|pls|plz|kindly|could you|can you|would you|i need you to|we need you to|let me know|get back to me|reply|respond)\b[^.!?\n]{0,80}`,
  String.raw`(?:^|[.!?\n]\s*)(?:click|tap|review|sign|verify|confirm|update|complete|download|open|view|call|contact|send|submit|provide|approve|log in|sign in)\b[^.!?\n]{0,80}`,
  String.raw`\b(?:veuillez|merci de|por favor|bitte)\b[^.!?\n]{0,80}`,
];

const URGENCY = [
  String.raw`\b(?:urgent(?:ly)?|asap|as soon as possible|immediately|immediate(?:ly)?|right away|promptly|time[- ]sensitive|without delay|at your earliest convenience)\b`,
  String.raw`\b(?:today|tonight|by end of (?:the )?day|eod|by tomorrow|before (?:the )?end of)\b`,
  String.raw`\bwithin\s(?:the next\s)?(?:\d+|twenty-four|forty-eight)\s?(?:hours?|hrs?|days?|minutes?)\b`,
  String.raw`\b(?:expires?|expired|expiring|expiration|deadline|final (?:notice|reminder|warning)|last (?:chance|reminder|notice)|overdue|past due)\b`,
  String.raw`\b(?:urgente|dringend|sofort|imm[ée]diatement|inmediatamente)\b`,
];

const FINANCIAL = [
  String.raw`\b(?:invoices?|payments?|wire(?: transfer)?|bank(?:ing)?(?: details| account| information)?|account number|routing number|iban|swift|ach|remittance|purchase order|p\.?o\.? number|gift ?cards?|bitcoin|btc|crypto(?:currency)?|refund|tax(?:es)?|payroll|direct deposit|w-?2|1099|balance|transaction|credit card|debit card|billing|receipt|quote|quotation|statement|funds?)\b`,
  String.raw`(?:[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars?|euros?)\b)`,
  String.raw`\b(?:facture|paiement|virement|factura|pago|transferencia|rechnung|zahlung|überweisung|fatura|pagamento)\b`,
];

/** Brands and institutions that lures name; plus any capitalised name ending in a company form. */
const ORG = [
  String.raw`\b(?:Microsoft(?: 365| Office| Teams| Outlook)?|Office ?365|Outlook|OneDrive|SharePoint|Teams|DocuSign|Adobe(?: Sign| Acrobat)?|PayPal|Amazon|Apple|iCloud|Netflix|Google|Gmail|Wells Fargo|Chase|Bank of America|Citibank|HSBC|Barclays|DHL(?: Express)?|FedEx|UPS|USPS|Royal Mail|Norton|McAfee|Geek ?Squad|Best Buy|Coinbase|Binance|Dropbox(?: DocSend)?|Zoom|Intuit|QuickBooks|Meta|Facebook|Instagram|WhatsApp|LinkedIn|Norton LifeLock|IRS|HMRC|Social Security Administration|SSA|Xero|Stripe|Walmart|Costco|AT&T|Verizon|Comcast|Booking\.com|Airbnb|Robinhood|Wix|OpenAI|ChatGPT)\b`,
  String.raw`\b(?:[A-Z][\w&'-]+\s){0,3}[A-Z][\w&'-]+,?\s(?:Inc\.?|LLC|Ltd\.?|Limited|Corp\.?|Corporation|GmbH|S\.A\.|PLC|Group|Bank|Company|Co\.)(?=\W|$)`,
];

const DISCLAIMER = [
  String.raw`(?:this (?:e-?mail|message|communication)(?: and any (?:files|attachments)[^.]{0,40})? (?:is|are|may contain) (?:confidential|intended solely|privileged|for the (?:sole|exclusive) use)[^.\n]{0,160})`,
  String.raw`(?:if you (?:are not|have received this)[^.\n]{0,30}(?:intended recipient|in error)[^.\n]{0,160})`,
  String.raw`(?:confidentiality notice|disclaimer)\s?:[^\n]{0,200}`,
];

const NAME = String.raw`[A-Z][a-zA-Z'-]+(?:\s[A-Z][a-zA-Z'.-]+){0,3}`;
const SALUTATION = new RegExp(String.raw`^\s*((?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|greetings|attn:?|attention:?|bonjour|hola|hallo|olá)\b[ \t]*(${NAME}|[\w.@-]+)?)\s*[,:!\n]`, 'im');
const SIGN_OFF = new RegExp(String.raw`^\s*((?:best|kind|warm)?\s?(?:regards|wishes)|sincerely|thanks|thank you|cheers|respectfully|yours (?:truly|sincerely|faithfully)|cordialement|saludos|atentamente|mit freundlichen grüßen|best)\b[^\n]{0,20}\n\s*(${NAME})\s*$`, 'im');

const compile = (patterns: string[], flags = 'gi') => patterns.map((p) => gated(p, flags));
const TABLE: readonly [string, GatedRegex[]][] = [
  ['request', compile(REQUEST, 'gim')],
  ['urgency', compile(URGENCY)],
  ['financial', compile(FINANCIAL)],
  ['org', compile(ORG, 'g')],
  ['disclaimer', compile(DISCLAIMER)],
];

/** The text as written (for case-sensitive patterns) and lower-cased (for the others), each indexed once. */
interface Views {
  text: string;
  asWritten: TextLiterals;
  lower: TextLiterals;
}

function collect(out: Entity[], name: string, patterns: GatedRegex[], views: Views): void {
  const seen = new Set<string>();
  const text = views.text;
  for (const g of patterns) {
    if (!(g.re.ignoreCase ? views.lower : views.asWritten).mayMatch(g)) continue;
    const re = g.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m && seen.size < MAX_PER_NAME; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const span = m[0].replace(/^[\s.!?]+/, '').trim();
      const key = span.toLowerCase();
      if (span && !seen.has(key)) {
        seen.add(key);
        out.push({ name, text: span });
      }
    }
  }
}

export function extractEntities(text: string): Entity[] {
  const out: Entity[] = [];
  const views: Views = { text, asWritten: new TextLiterals(text), lower: new TextLiterals(text.toLowerCase()) };
  for (const [name, patterns] of TABLE) collect(out, name, patterns, views);
  const sal = SALUTATION.exec(text.slice(0, 600));
  if (sal) {
    out.push({ name: 'salutation', text: sal[1]!.trim() });
    out.push({ name: 'greeting', text: sal[1]!.replace(sal[2] ?? '', '').trim() });
    if (sal[2] && !/^(?:all|team|everyone|sir|madam|customer|user|client|member|there|friend)$/i.test(sal[2])) out.push({ name: 'recipient', text: sal[2] });
  }
  const tail = text.slice(-1500);
  const sig = SIGN_OFF.exec(tail);
  if (sig) {
    out.push({ name: 'signature', text: sig[1]!.trim() });
    out.push({ name: 'sender', text: sig[2]!.trim() });
  }
  return out;
}
