/**
 * Topics of MailWarden's local NLU stand-in (not Sublime's model): the topic names the rules read from
 * `ml.nlu_classifier(…).topics` and `beta.ml_topic(…).topics`, each with a keyword list. A topic's score is the
 * sum of its distinct matching cues (a strong cue counts 2); the best three above the low band are returned.
 */
import type { Cue } from './ml-nlu-intents.ts';

const w = (words: string, weight = 1): Cue => [String.raw`\b(?:${words})\b`, weight];

export const TOPICS: readonly { name: string; cues: readonly Cue[] }[] = [
  { name: 'Newsletters and Digests', cues: [w('newsletter|digest|weekly (?:roundup|update|recap)|this week in|top stories|read more|in this issue', 2), w('unsubscribe|manage (?:your )?(?:preferences|subscription)|view (?:it |this email )?in (?:your|a) browser|email preferences'), w('edition|issue #?\\d+|subscribers?|curated')] },
  { name: 'Advertising and Promotions', cues: [w('\\d+% off|sale|discount|promo(?:tion)? code|coupon|free shipping|limited[- ]time offer|shop now|buy now|deal of the day|exclusive offer', 2), w('unsubscribe|offer|save|savings|special price|clearance|order now|best price')] },
  { name: 'Security and Authentication', cues: [w('verification code|one[- ]time (?:code|password|passcode)|two[- ]factor|2fa|multi[- ]factor|mfa|security (?:alert|code|notice|update)|password reset|reset your password|sign-?in attempt|new (?:sign-?in|login|device)', 2), w('password|security|authenticat\\w*|verify|login|sign-?in|account access|suspicious|unauthori[sz]ed')] },
  { name: 'Financial Communications', cues: [w('invoice|payment|statement|balance|remittance|wire transfer|bank(?:ing)?|transaction|account summary|tax', 2), w('amount|due|paid|credit|debit|funds|billing|refund|ach|deposit')] },
  { name: 'Payment Information', cues: [w('payment (?:details|information|method|confirmation|received|due|advice)|remittance advice|bank details|card (?:ending|details)', 2), w('payment|paid|amount due|billing|charged|receipt')] },
  { name: 'Request to View Invoice', cues: [w('(?:view|see|review|open|download|access)\\s(?:the |your |attached )?invoice|invoice (?:is )?(?:attached|available|ready|enclosed)|attached invoice', 3), w('invoice', 1)] },
  { name: 'Purchase Orders', cues: [w('purchase order|p\\.?o\\.? (?:number|#)|new order|order confirmation|rfq|request for quotation', 2), w('quotation|quote|order|supplier|vendor')] },
  { name: 'Secure Message', cues: [w('secure message|encrypted (?:message|email)|protected message|secure (?:email|document|portal)|message encryption', 3), w('secure|encrypted|confidential')] },
  { name: 'E-Signature', cues: [w('docusign|adobe sign|e-?sign(?:ature)?|sign (?:the |this )?document|review and sign|signature (?:request|required|needed)|completed document', 3), w('sign|signature|envelope|agreement|contract')] },
  { name: 'File Sharing and Cloud Services', cues: [w('shared (?:a |the )?(?:file|folder|document)s? with you|onedrive|sharepoint|dropbox|google drive|wetransfer|box\\.com|file transfer|shared folder', 3), w('shared|download|file|folder|document|cloud|access')] },
  { name: 'Voicemail Call and Missed Call Notifications', cues: [w('voice ?mail|voice message|missed call|new message from \\+?\\d|call recording|audio message', 3), w('call|caller|duration|listen|play')] },
  { name: 'Reminders and Notifications', cues: [w('reminder|notification|this is a (?:friendly )?reminder|do not reply|automated (?:message|notification)|you have (?:a )?new', 2), w('notice|alert|update|scheduled|upcoming|due')] },
  { name: 'Events and Webinars', cues: [w('webinar|register now|save (?:the|your) (?:date|seat|spot)|conference|summit|workshop|livestream|rsvp|join us (?:for|at|on)', 2), w('event|session|speakers?|agenda|attend|virtual|in-person')] },
  { name: 'Professional and Career Development', cues: [w('career|job opportunit\\w*|hiring|resume|recruit\\w*|linkedin|professional development|training course|certification|skills', 2), w('course|learn|interview|position|role|upskill|mentor')] },
  { name: 'B2B Cold Outreach', cues: [w('i came across your|quick question|would you be open to|15[- ]minute (?:call|chat)|schedule a (?:quick )?call|book a (?:demo|call|meeting)|help (?:companies|businesses) like yours|reaching out (?:to|because)', 2), w('our (?:team|solution|platform|services)|lead generation|outsourc\\w*|roi|growth|partner(?:ship)?|demo')] },
  { name: 'Contact List Solicitation', cues: [w('(?:attendees?|decision[- ]makers?|verified contacts?|visitors?|exhibitors?)\\s(?:list|database|data|contacts)|list of (?:attendees|exhibitors|visitors)', 2), w('leads|counts|pricing|acquir\\w*|purchas\\w*')] },
  { name: 'Customer Service and Support', cues: [w('support ticket|ticket #?\\d+|case (?:number|#)|customer (?:service|support|care)|help ?desk|we received your request', 2), w('support|assist|inquiry|request|resolve|feedback')] },
  { name: 'Order Confirmations', cues: [w('order confirmation|your order|order (?:number|#|no)|thank you for your (?:order|purchase)|order summary', 2), w('items?|subtotal|total|quantity|purchase')] },
  { name: 'Shipping and Package', cues: [w('tracking number|shipment|shipped|out for delivery|delivery (?:attempt|failed|address)|parcel|package|courier|dhl|fedex|ups|usps', 2), w('delivery|shipping|track|carrier')] },
  { name: 'Bounce Back and Delivery Failure Notifications', cues: [w('undeliverable|delivery (?:has )?failed|delivery status notification|mail delivery (?:subsystem|failed)|returned mail|could not be delivered|mailer-daemon|550 ', 3), w('recipient|bounced?|delivery|address')] },
  { name: 'Software and App Updates', cues: [w('release notes|new version|now available|update (?:is )?available|changelog|what\'?s new|upgrade to', 2), w('software|app|update|feature|release|version|download')] },
  { name: 'Legal and Compliance', cues: [w('terms of service|privacy policy|legal notice|compliance|gdpr|subpoena|lawsuit|court|attorney|regulatory|policy update', 2), w('legal|law|agreement|terms|notice')] },
  { name: 'Health and Wellness', cues: [w('health|wellness|medical|doctor|patient|appointment|pharmacy|prescription|fitness|diet|weight loss', 2), w('care|healthy|clinic|insurance')] },
  { name: 'Entertainment and Sports', cues: [w('movie|music|concert|game|tickets|sports?|football|basketball|soccer|match|streaming|episode|season', 2), w('watch|play|fans?|team|show')] },
  { name: 'News and Current Events', cues: [w('breaking news|news|headlines|reported|according to|election|government|president', 2), w('today|world|report|story|update')] },
  { name: 'Educational and Research', cues: [w('journal|research|manuscript|university|academic|conference paper|publication|students?|course|scholar|peer[- ]review', 2), w('study|learning|education|paper|article|professor')] },
  { name: 'Travel and Transportation', cues: [w('flight|booking|reservation|hotel|itinerary|boarding pass|check-?in|airline|travel|trip', 2), w('airport|departure|arrival|destination')] },
  { name: 'Government Services', cues: [w('irs|hmrc|social security|government|federal|department of|ministry|tax return|benefits|medicare|dmv', 2), w('public|official|citizen|agency')] },
  { name: 'Benefit Enrollment', cues: [w('open enrollment|benefits? enrollment|enroll (?:in|now)|health (?:plan|insurance) (?:selection|options)|401\\(?k\\)?|hr benefits', 3), w('benefits?|coverage|plan|employees?')] },
  { name: 'Political Mail', cues: [w('campaign|vote|voters?|election|candidate|congress|senator|donate to|chip in|democrat|republican|rsvp to the rally', 2), w('fight|support|donation|petition')] },
  { name: 'Charity and Non-Profit', cues: [w('donate|donation|charity|non-?profit|fundraiser|volunteer|foundation', 2), w('support|help|cause|give')] },
  { name: 'Romance', cues: [w('lonely|looking for (?:a )?(?:man|woman|partner|love)|my heart|single (?:women|girls|ladies)|dating|beautiful (?:woman|girl)|soulmate|relationship', 2), w('love|kiss|darling|sweetheart|honey|photos?')] },
  { name: 'Sexually Explicit Messages', cues: [w('sex|porn|nude|naked|horny|xxx|hookup|hook up|adult (?:content|video)|sexy', 3), w('hot|girls|fun tonight')] },
  { name: 'Out of Band Pivot', cues: [w('whatsapp|telegram|signal|text me|call me|personal (?:email|number)|cell ?phone', 2)] },
  { name: 'Acts of Violence', cues: [w('kill|murder|shoot|bomb|explosive|hitman|attack you|hurt you|your life', 3)] },
];

export const TOPIC_BANDS = { low: 2, medium: 3, high: 5 } as const;
