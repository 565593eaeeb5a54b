/**
 * Credential and account lures, in the languages phishing aimed at our users is written in (English, German,
 * Dutch, Portuguese, Spanish, French, Italian). Patterns are regex sources over folded text: lower case,
 * accents removed (write `bestätigen` freely, it is folded at compile time), single spaces.
 * Keep phrases specific enough that a single one means something; generic words belong nowhere here.
 */
export const LURE_LEXICON = {
  /** Asking the reader to prove who they are or to re-enter credentials. */
  credential: [
    // English
    'verify (?:your|the|this) (?:account|identity|email(?: address)?|mailbox|information|details|wallet|device|login|credentials)',
    'confirm (?:your|the) (?:account|identity|email(?: address)?|details|info|information|password|credentials|billing|mailbox|ownership)',
    'validate (?:your|the) (?:account|email|mailbox|credentials|identity)',
    '(?:re-?)?authenticate your (?:account|mailbox|email)',
    'password (?:will expire|expires|has expired|is expiring|is about to expire)',
    '(?:mailbox|inbox|e-?mail) (?:is )?(?:full|over ?quota|storage (?:is )?full)',
    '(?:storage|quota) (?:is )?(?:full|exceeded|almost full|limit reached)',
    '(?:exceeded|reached) (?:your|the) (?:storage|mailbox|quota) (?:limit|quota|size)',
    '(?:unusual|suspicious|unauthori[sz]ed) (?:sign[- ]?in|log ?in|login|activity|access)(?: attempts?| activity)?',
    'new (?:sign[- ]?in|login) (?:attempt|detected|from)',
    '(?:shared|sent) (?:a |an |the )?(?:document|file|folder|pdf)s? with you',
    'invited you to (?:view|edit|access)',
    '(?:new|unread|missed|pending) (?:voice ?mail|voice message|fax|e-?fax)',
    '(?:voice ?mail|fax) (?:received|message|notification)',
    '(?:update|confirm|verify) (?:your )?(?:payment|billing|card) (?:details|information|info|method)',
    'payment (?:was |has been )?(?:declined|failed|unsuccessful)',
    '(?:billing|payment) (?:issue|problem|failure)',
    '(?:restore|regain|recover) (?:full )?(?:access|your account)',
    'sign in to (?:review|restore|verify|confirm|unlock|keep)',
    'kyc (?:verification|update|check)',
    'verify your (?:new )?account',
    'verify (?:your )?device',
    "(?:someone|somebody) (?:tried|attempted|has tried) to (?:log|sign|iog) ?in",
    'new (?:app|application|device) (?:has been |was )?(?:connected|added|signed in)',
    '(?:complete|enable|activate) (?:the )?(?:new )?(?:two-step|2-step|two-factor|2fa) (?:verification|authentication)',
    // German
    '(?:bestätigen|verifizieren|aktualisieren|überprüfen) sie (?:ihr(?:e|en)?|jetzt ihre?) (?:konto|identität|daten|angaben|kontodaten|zahlungsdaten|versanddetails|zugangsdaten)',
    'ungewöhnliche (?:anmelde)?aktivität(?:en)?',
    'passwort (?:läuft|ist) (?:bald )?(?:ab|abgelaufen)',
    '(?:postfach|speicher(?:platz)?) ist (?:fast )?voll',
    // Dutch
    '(?:bevestig|verifieer|controleer) (?:uw|je) (?:account|gegevens|identiteit|betaalgegevens)',
    'ongebruikelijke (?:aanmeld|inlog)(?:activiteit|poging)',
    // Portuguese
    '(?:confirme|verifique|atualize) (?:seus|sua|seu|os seus) (?:dados|conta|cadastro|identidade|informações)',
    'desbloque(?:ie|ar|io) (?:sua|seu|o seu|a sua) (?:conta|internet banking|acesso|cartão)',
    'chave de segurança (?:expira|vence)',
    'atualização cadastral',
    // Spanish
    '(?:verifique|verifica|confirme|confirma|actualice|actualiza) (?:su|sus|tu|tus) (?:cuenta|identidad|datos|información)',
    // French
    '(?:vérifiez|confirmez|mettez à jour) (?:vos|votre) (?:informations|données|coordonnées|identité|compte|paiement)',
    // Italian
    '(?:verifica|conferma|aggiorna) (?:il tuo account|i tuoi dati|la tua identità)',
  ],
  /** Threats against something the reader owns: an account, files, a subscription. */
  accountThreat: [
    '(?:your |the )?(?:account|mailbox|wallet|membership|access)(?: has been| was| is| will be| is being)(?: temporarily)? (?:suspended|locked|disabled|limited|restricted|on hold|deactivated|closed|blocked|terminated|flagged|frozen)',
    '(?:photos|files|data|videos|emails|assets) (?:will be |are being )?(?:deleted|removed|lost|erased)',
    '(?:subscription|protection|membership|license|antivirus) (?:has )?(?:expired|expires today|is expiring)',
    'lose (?:access|all your|your (?:files|photos|assets|funds|account))',
    '(?:temporary |permanent )?loss of (?:access|your (?:account|data|files))',
    '(?:konto|zugang) (?:wurde|wird) (?:vorübergehend )?(?:gesperrt|eingeschränkt|deaktiviert|blockiert)',
    '(?:abonnement|schutz) (?:läuft ab|ist abgelaufen)',
    '(?:uw|je) (?:account|rekening) (?:is|wordt) (?:geblokkeerd|opgeschort|beperkt)',
    '(?:sua|seu) (?:conta|acesso|cartão) (?:foi|será|sera|está|esta) (?:bloquead|suspens|desativad|cancelad)[oa]',
    '(?:su|tu) cuenta (?:ha sido|será|sera|fue) (?:suspendida|bloqueada|desactivada)',
    'votre compte (?:a été|sera|est) (?:suspendu|bloqué|désactivé|restreint)',
    'il tuo account (?:è stato|sarà) (?:sospeso|bloccato)',
  ],
  /** Crypto-wallet phishing: the prize is the seed phrase. */
  wallet: [
    '(?:recovery|seed|secret|mnemonic) phrase',
    '(?:verify|validate|sync|synchroni[sz]e|upgrade|update|secure|reactivate) (?:your )?(?:wallet|ledger|trezor|metamask)',
    'wallet (?:has been |was |is )?(?:suspended|blocked|locked|restricted|compromised|disconnected)',
    '(?:connect|link) your wallet',
    '(?:ledger|trezor|metamask|electrum|exodus|rabby|bisq|phantom|trust wallet|atomic wallet)\\b.{0,40}\\b(?:update|upgrade|desktop app|extension|firmware|verify|verification)',
  ],
  /** Parcel and customs lures. */
  delivery: [
    '(?:parcel|package|shipment|delivery) (?:is |has been |was )?(?:on hold|held|pending|suspended|returned|could not be delivered|awaiting)',
    '(?:unable|failed|unsuccessful attempt) to deliver',
    '(?:customs|delivery|redelivery|shipping) (?:fee|duty|charges?) (?:is |are )?(?:due|pending|unpaid|required)',
    'reschedule (?:your )?delivery',
    '(?:submit|schedule|request|confirm) (?:a |your )?redelivery',
    '(?:package|parcel) (?:will be|has been) (?:sent|returned) back',
    'paket (?:wartet|wurde nicht|konnte nicht)',
    'zustellung (?:fehlgeschlagen|nicht möglich)',
    'zollgebühr',
    'pakket (?:wacht|in afwachting|kon niet)',
    'bezorging (?:mislukt|gepland)',
    'encomenda (?:retida|taxada|devolvida|aguardando|será devolvida)',
    'mercadoria retida',
    'taxa (?:de )?(?:alfândega|importação|liberação)',
    'pedido (?:está |esta )?(?:retido|aguardando)',
    'colis (?:en attente|bloqué|retenu)',
    'nouvelle date de livraison',
    'paquete (?:retenido|pendiente)',
  ],
  /** Tax, toll, fine and government lures. */
  government: [
    'tax (?:refund|rebate)s?',
    '(?:unpaid|outstanding) (?:toll|fine|tax)',
    'steuer(?:rück)?erstattung',
    'cpf (?:está|esta|possui|em processo|irregular|pendente|cancelad[oa])',
    '(?:suspensão|suspensao|cancelamento) da cnh',
    'pedágio (?:não pago|pendente)',
    'valores (?:a receber|disponíveis|esquecidos)',
    'pontos .{0,30}expir(?:am|ando|ar)',
    'droits cpf',
    '(?:intimação|intimacão|mandado de (?:citação|intimação)|processo investigatório|comparecimento em audiência)',
    '(?:court (?:summons|hearing|appearance)|subpoena|vorladung|citación judicial)',
    '(?:irpf|imposto de renda|restituição do ir|extrato ir|crédito ir)',
    'saldo (?:disponível|a receber|bloqueado)',
    'boleto (?:vencido|vencendo|em aberto|pendente)',
  ],
} as const satisfies Record<string, readonly string[]>;
