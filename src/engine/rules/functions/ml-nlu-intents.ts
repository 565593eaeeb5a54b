/**
 * Intent cues of MailWarden's local NLU stand-in (an approximation of Sublime's proprietary `ml.nlu_classifier`,
 * not that model). Each intent is a few groups of phrase patterns over lower-cased, whitespace-collapsed text;
 * a group contributes the weight of its strongest matching cue, once, so repeating a synonym does not add up.
 * The groups are the parts a lure of that kind needs (what is at stake, what to do, why now): a message needs
 * most of them to reach "high". Written from how these lures are built, not fitted to any evaluation corpus.
 * English first, with the common French, Spanish, German and Portuguese forms where they are cheap.
 */

export type Cue = readonly [pattern: string, weight: number];
export interface IntentSpec {
  name: string;
  groups: readonly (readonly Cue[])[];
}

const PHONE = String.raw`(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b`;
const MONEY = String.raw`(?:[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars?|euros?)\b)`;

export const INTENTS: readonly IntentSpec[] = [
  {
    name: 'cred_theft',
    groups: [
      // What is at stake: an account, a mailbox, a document waiting behind a sign-in.
      [
        [String.raw`\b(?:password|passcode|passwort|mot de passe|contraseña|senha)\b`, 2],
        [String.raw`\b(?:e-?mail|mail|webmail|outlook|office ?365|microsoft|o365|microsoft 365|account|mailbox)\s(?:account|mailbox|credentials|access)\b`, 2],
        [String.raw`\b(?:mailbox|quota|storage)\b.{0,40}\b(?:full|exceeded|limit|almost|upgrade)\b`, 2],
        [String.raw`\b(?:verify|validate|confirm|re-?confirm|authenticate|re-?activate|unlock|restore)\s(?:your|the|this)?\s?(?:account|identity|e-?mail(?: address)?|mailbox|login|credentials|ownership)\b`, 2],
        [String.raw`\b(?:unusual|suspicious|unauthori[sz]ed|unrecogni[sz]ed)\s(?:sign-?in|login|log-?in|activity|access|attempt)`, 2],
        [String.raw`\b(?:pending|undelivered|held|blocked|incoming|queued)\s(?:e-?mails?|messages?|mails?)\b`, 2],
        [String.raw`\b(?:shared|sent)\s(?:a\s)?(?:document|file|folder|pdf)s?\s(?:with you|to you)\b`, 1.5],
        [String.raw`\b(?:secure|encrypted|protected)\s(?:message|document|file)\b`, 1.5],
        [String.raw`\b(?:voice ?mail|voice message|fax)\b`, 1],
        [String.raw`\b(?:document|file|invoice|statement|contract|agreement|payment advice|remittance)s?\b.{0,40}\b(?:waiting|ready|available|pending|awaiting)\b.{0,30}\b(?:review|signature|view|access|download)`, 1.5],
        [String.raw`\b(?:sign-?in|log-?in|login)\b`, 1],
        [String.raw`\b(?:compte|cuenta|konto|conta)\b.{0,40}\b(?:suspendu|bloqué|suspendida|bloqueada|gesperrt|bloqueada|verifi)`, 2],
        [String.raw`\b(?:your|the)\s(?:e-?mail|mail|microsoft|apple|netflix|paypal|amazon|bank|online banking|wallet|icloud|office|webmail|outlook|adobe|docusign|dropbox|sharepoint|onedrive)\s?(?:id|account|profile)\b`, 2],
        [String.raw`\b(?:payment (?:method|details|information)|card)\b.{0,40}\b(?:declined|failed|expired|outdated|invalid|could not be (?:processed|verified))`, 2],
        [String.raw`\b(?:account|access|service)s?\b.{0,30}\b(?:limited|restricted|on hold|suspended|disabled|locked)\b`, 2],
        [String.raw`\b\d+\s(?:new |unread |pending |undelivered |incoming )?(?:messages|e-?mails|documents|files)\b.{0,40}\b(?:pending|waiting|held|undelivered|failed|on hold)\b`, 2],
        [String.raw`\b(?:sync(?:hroni[sz]ation)?|delivery)\s(?:error|issue|failure|failed)\b|\bquarantined?\b`, 1.5],
        [String.raw`\b(?:billing|payment)\s(?:issue|problem|error)\b|\b(?:issue|problem) with (?:the |your )?(?:billing|payment|account)\b`, 1.5],
        [String.raw`\b(?:mail|e-?mail)\s(?:server|administrator|admin|support)\b|\b(?:it|helpdesk|help desk)\s(?:department|support|team|desk)\b`, 1],
        [String.raw`\b(?:sua conta|seu cadastro|seus dados|sua senha|tu cuenta|sus datos|tu contraseña|votre compte|vos informations|ihr konto|ihre daten|cpf|pendência|pendencia|cartão|tarjeta|carte bancaire)\b`, 2],
      ],
      // What to do: follow a link or button and sign in.
      [
        [String.raw`\b(?:log|sign)\s?-?(?:in|on)\s(?:to|now|here|below|with)\b`, 2],
        [String.raw`\b(?:click|tap|press|follow)\s(?:here|below|the link|the button|on the link|on the button|this link)\b.{0,60}\b(?:verify|confirm|login|log in|sign in|access|restore|unlock|validate|update|keep|view|review|retrieve|release)`, 2],
        [String.raw`\b(?:verify|confirm|validate|update|reactivate|restore|unlock|secure)\s(?:now|here|your account|your password|your details|your information)\b`, 2],
        [String.raw`\b(?:keep|retain|maintain)\s(?:my|your|the)\s(?:current |same )?(?:password|account|mailbox)\b`, 2],
        [String.raw`\b(?:view|open|access|review|download|retrieve|release)\s(?:the |your |this )?(?:document|file|message|messages|pdf|invoice|statement|voice ?mail|fax|shared file)s?\b`, 1.5],
        [String.raw`\b(?:click|tap)\s(?:here|below|the link|the button)\b`, 1],
        [String.raw`\b(?:update|confirm|verify)\s(?:your\s)?(?:payment|billing|card|account)\s(?:details|information|method|info)\b`, 2],
        [String.raw`\b(?:upgrade|increase|expand)\s(?:your\s)?(?:mailbox|storage|quota)\b`, 2],
        [String.raw`\b(?:update|verify|confirm)\s(?:your\s)?(?:billing|payment method)\b`, 2],
        [String.raw`\b(?:release|recover|retrieve|deliver)\s(?:your\s)?(?:pending\s|held\s|blocked\s|quarantined\s)?(?:messages|e-?mails|mails)\b`, 2],
        [String.raw`\b(?:clique aqui|acesse|atualize|regularize|confirme|verifique|acceda|actualice|cliquez ici|connectez-vous|mettre à jour|vérifiez|confirmez|klicken sie hier|bestätigen sie|aktualisieren sie)\b`, 2],
        [String.raw`\b(?:cliquez|haga clic|klicken sie|clique)\b`, 1.5],
      ],
      // Why now: a threat or a deadline.
      [
        [String.raw`\b(?:suspend(?:ed|sion)?|deactivat(?:ed|ion)|disabled?|terminat(?:ed|ion)|locked|blocked|restricted|closed)\b`, 1.5],
        [String.raw`\b(?:expire[sd]?|expiration|expiring)\b`, 1.5],
        [String.raw`\bwill be\s(?:deleted|removed|lost|closed|rejected|returned|discarded)\b`, 1.5],
        [String.raw`\bwithin\s(?:the next\s)?(?:\d+|twenty-four|forty-eight)\s?(?:hours?|hrs?|days?)\b`, 1.5],
        [String.raw`\b(?:failure to|to avoid|or your account|permanently|final (?:notice|warning|reminder))\b`, 1.5],
        [String.raw`\b(?:urgent(?:ly)?|immediately|immediate action|action required|as soon as possible)\b`, 1],
        [String.raw`\b(?:24|48|72)\s?(?:hours|hrs|h)\b|\b(?:interruption|disruption|loss of (?:access|data|service|emails?))\b`, 1.5],
        [String.raw`\b(?:bloquead[oa]|bloqueio|suspens[ao]|cancelad[oa]|expira|vence|urgente|imediatamente|suspendu|bloqué|expiré|gesperrt|eingeschränkt|dringend|sofort)\b`, 1.5],
      ],
    ],
  },
  {
    name: 'bec',
    groups: [
      // The ask: a discreet task for the boss.
      [
        [String.raw`\b(?:are you|r u)\s(?:available|around|at your desk|in the office|free)\b`, 2],
        [String.raw`\b(?:i need|need you to|i want you to|can you|could you|would you)\s.{0,30}\b(?:handle|complete|process|purchase|buy|get|pay|wire|transfer|task|favou?r|assist)\b`, 1.5],
        [String.raw`\b(?:quick|urgent|small|important)\s(?:task|favou?r|request|errand)\b`, 2],
        [String.raw`\bdo you have a (?:moment|minute|sec(?:ond)?)\b`, 2],
        [String.raw`\bi need your (?:help|assistance|urgent)\b`, 1.5],
        [String.raw`\b(?:send|give|share|text)\s(?:me\s)?(?:your|ur)\s(?:cell|mobile|phone|whatsapp|personal)\s?(?:number|no|#)?`, 2],
        [String.raw`\b(?:i'?m|i am)\s(?:in a meeting|in meetings|tied up|busy|travel(?:l)?ing|on a call|in a conference)\b`, 1.5],
        [String.raw`\b(?:can'?t|cannot|unable to)\s(?:talk|take calls|call)\b`, 1.5],
        [String.raw`\b(?:keep (?:this|it) (?:confidential|between us|discreet)|confidential(?:ity)? (?:matter|request|task))\b`, 2],
      ],
      // The money: gift cards, wires, changed bank details, payroll.
      [
        [String.raw`\b(?:gift ?cards?|itunes|google play|steam|apple)\s?(?:gift\s)?cards?\b`, 2],
        [String.raw`\bgift ?cards?\b`, 2],
        [String.raw`\b(?:wire|bank|swift|ach)\s(?:transfer|payment|details|information|account|instructions)\b`, 2],
        [String.raw`\b(?:change|update|new|changed|updated)\s(?:of\s)?(?:my|our|the)?\s?(?:bank(?:ing)?|account|payroll|direct deposit|payment|remittance)\s(?:details|information|info|account)?`, 2],
        [String.raw`\b(?:payroll|direct deposit|paycheck|salary account)\b`, 1.5],
        [String.raw`\b(?:w-?2s?|w-?2 forms?|employee (?:tax forms?|w-?2s?))\b`, 2],
        [String.raw`\b(?:outstanding|overdue|unpaid|pending)\s(?:invoice|payment|balance)s?\b`, 1.5],
        [String.raw`\b(?:changement|mise à jour|cambio|änderung)\b.{0,30}\b(?:bancaire|bank|banco|bankverbindung|rib)\b`, 2],
      ],
      // The pressure: urgency and secrecy.
      [
        [String.raw`\b(?:urgent(?:ly)?|asap|right away|immediately|today|end of (?:the )?day|eod)\b`, 1],
        [String.raw`\b(?:reply|respond|get back to me)\s(?:asap|quickly|immediately|now|urgently|promptly)\b`, 1.5],
        [String.raw`\b(?:ceo|cfo|president|director|chairman)\b`, 0.5],
      ],
    ],
  },
  {
    name: 'callback_scam',
    groups: [
      // A phone number to call.
      [
        [PHONE, 1.5],
        [String.raw`\b(?:call|contact|reach|dial|ring)\s(?:us|our|the|customer|support|billing|at|on|toll)\b`, 1],
        [String.raw`\b(?:toll[- ]?free|helpline|help desk|support line|customer care|billing department)\b`, 1],
      ],
      // A charge, a renewal or an order the reader did not make.
      [
        [String.raw`\b(?:has been|was|will be|have been)\s(?:charged|debited|deducted|billed|renewed|processed|auto-?renewed)\b`, 2],
        [String.raw`\b(?:auto-?renew(?:al|ed)?|subscription|membership|renewal)\b`, 1.5],
        [String.raw`\b(?:order|invoice|transaction|receipt)\s?(?:id|no|number|#)\b`, 1],
        [String.raw`\b(?:norton|mcafee|geek ?squad|avast|kaspersky|lifelock|antivirus|pc ?matic)\b`, 2],
        [String.raw`\b(?:paypal|coinbase|amazon prime|best buy|ebay|apple care)\b`, 1],
      ],
      // The hook: dispute it by phone.
      [
        [String.raw`\bif you\s(?:did not|didn'?t|do not|don'?t)\s(?:authori[sz]e|make|request|recogni[sz]e|place|initiate|want)\b`, 2],
        [String.raw`\b(?:to cancel|cancel (?:this|the|your)|for (?:a )?refund|request a refund|dispute|not you\?)\b`, 1.5],
        [MONEY, 1],
      ],
    ],
  },
  {
    name: 'steal_pii',
    groups: [
      [
        [String.raw`\b(?:social security(?: number)?|ssn|date of birth|d\.?o\.?b\b|driver'?s licen[cs]e|passport (?:number|copy)|mother'?s maiden name|tax (?:id|identification)|national id)\b`, 2.5],
        [String.raw`\b(?:full name|home address|phone number|bank account (?:number|details)|routing number|card number|cvv|pin)\b`, 1.5],
      ],
      [
        [String.raw`\b(?:provide|send|submit|fill (?:out|in)|complete|update|confirm|reply with|forward)\s(?:us\s|me\s)?(?:your|the following|the form|the attached form|these details|this information)\b`, 2],
      ],
      [[String.raw`\b(?:required|mandatory|must|urgent|immediately|within\s\d+)\b`, 1]],
    ],
  },
  {
    name: 'advance_fee',
    groups: [
      [
        [String.raw`\b(?:inheritance|next of kin|beneficiary|unclaimed (?:funds?|sum|assets)|consignment|atm (?:master)?card|compensation (?:fund|payment)|lottery|sweepstakes?|jackpot|winning (?:notification|number)|donation of)\b`, 2.5],
        [String.raw`\b(?:late (?:client|husband|father|wife)|deceased|barrister|diplomat|attorney at law|united nations|imf|world bank|central bank)\b`, 1.5],
        [String.raw`\byou(?:'ve| have)? (?:been selected|won|been awarded)\b|\b(?:claim your (?:prize|award|funds?|reward)|prize|award winning)\b`, 1.5],
      ],
      [
        [String.raw`\b\d[\d,.]*\s?(?:million|m)\s?(?:us\s?)?(?:dollars|usd|euros?|pounds|gbp)\b|\b(?:usd|us\$|\$|€|£)\s?\d[\d,.]*\s?(?:million|m)\b`, 2.5],
        [String.raw`\b(?:sum of|the sum|fund(?:s)? (?:transfer|release)|transfer (?:of )?(?:the|this) fund)\b`, 1.5],
      ],
      [
        [String.raw`\b(?:confidential|reply (?:urgently|immediately)|your (?:full name|phone|contact details|private email)|strictly|trust(?:worthy)?|partnership|percent|%)\b`, 1],
      ],
    ],
  },
  {
    name: 'job_scam',
    groups: [
      [
        [String.raw`\b(?:job (?:offer|opportunity|position)|part[- ]time (?:job|position|work|role)|work from home|remote (?:job|position|work|role)|personal assistant|mystery shopper|hiring|we are recruiting|job vacancy)\b`, 2],
        [String.raw`\b(?:position|role|vacancy|employment)\b`, 1],
      ],
      [
        [String.raw`\b(?:earn|salary|pay(?:ment)? of|weekly pay|compensation of)\b.{0,30}${MONEY}|${MONEY}\s?(?:per|a|/)\s?(?:week|hour|day|month|hr)\b`, 2],
        [String.raw`\b(?:flexible (?:hours|schedule)|no experience (?:needed|required)|a few hours (?:a|per) (?:day|week))\b`, 1.5],
      ],
      [[String.raw`\b(?:whatsapp|telegram|text (?:me|us)|reply (?:with|to)|send (?:your|us your) (?:resume|cv)|interested\?)\b`, 1]],
    ],
  },
  {
    name: 'extortion',
    groups: [
      [
        [String.raw`\b(?:bitcoin|btc|crypto(?:currency)? wallet|wallet address|ltc|usdt)\b`, 2],
        [String.raw`\bpay(?:ment)?\s(?:of\s)?${MONEY}`, 1],
      ],
      [
        [String.raw`\b(?:recorded (?:you|a video)|webcam|video of you|porn|adult (?:web)?sites?|masturbat|intimate|compromising)\b`, 2],
        [String.raw`\b(?:hacked|infected|access to) (?:your|all your) (?:device|computer|account|phone|email|system)s?\b|\b(?:malware|trojan|spyware|remote access)\b`, 2],
        [String.raw`\b(?:i know your password|your password is)\b`, 2],
      ],
      [
        [String.raw`\b(?:your (?:contacts|friends|family|colleagues|relatives)|send (?:it|the video) to|make (?:it )?public|embarrass|humiliat|reputation)\b`, 1.5],
        [String.raw`\b(?:48|72|24) hours\b`, 1],
      ],
    ],
  },
];

/** Score bands shared by every intent: the sum of group maxima. */
export const INTENT_BANDS = { low: 2, medium: 3.5, high: 5 } as const;
