/**
 * Brands that phishing borrows, with the names a display name uses for them and the domains they really send
 * from. A sender is "the brand" when its root domain's second-level label is one of `slds` (any TLD:
 * amazon.de, paypal.co.uk) or its root domain is listed in `roots`.
 *
 * `ambiguous` brands are ordinary words or names too (Chase, Ledger, Apple): their display-name match must be
 * the brand alone (plus filler such as "Support", "Team"), and their domains get no edit-distance match, only
 * exact look-alike characters.
 */
export interface Brand {
  name: string;
  /** Lower-case words a display name or local part uses for the brand. */
  terms: string[];
  slds: string[];
  roots?: string[];
  ambiguous?: boolean;
  /** Labels that look-alike domains imitate; the first of `slds` when absent. */
  lookalike?: string[];
  /** Shortest label that gets edit-distance matching (default 6): long-tail brands that are also words get 8. */
  fuzzyFrom?: number;
}

export const BRANDS: readonly Brand[] = [
  { name: 'PayPal', terms: ['paypal'], slds: ['paypal', 'paypal-community', 'paypalobjects', 'paypal-corp', 'paypal-communication'] },
  {
    name: 'Microsoft',
    terms: ['microsoft', 'microsoft 365', 'office 365', 'office365', 'onedrive', 'sharepoint', 'windows defender'],
    lookalike: ['microsoft', 'office365', 'outlook', 'sharepoint', 'onedrive', 'microsoftonline', 'hotmail'],
    slds: ['microsoft', 'office', 'office365', 'outlook', 'live', 'hotmail', 'microsoftonline', 'sharepoint', 'sharepointonline', 'onedrive', 'msn', 'skype', 'windows', 'azure', 'bing', 'xbox', 'microsoftstore', 'microsoft365', 'mail-microsoft', 'msft'],
  },
  { name: 'DocuSign', terms: ['docusign'], slds: ['docusign'] },
  { name: 'Adobe', terms: ['adobe', 'adobe sign', 'acrobat'], slds: ['adobe', 'adobesign', 'echosign', 'adobecc'] },
  { name: 'Apple', terms: ['apple', 'apple support', 'app store'], slds: ['apple', 'icloud', 'itunes', 'me', 'mac'], ambiguous: true, lookalike: ['apple'] },
  { name: 'iCloud', terms: ['icloud', 'itunes', 'apple id', 'apple pay'], slds: ['apple', 'icloud', 'itunes', 'me', 'mac'], lookalike: ['icloud'] },
  { name: 'Amazon', terms: ['amazon', 'amazon prime', 'prime video', 'aws'], slds: ['amazon', 'amazonaws', 'amazonses', 'primevideo', 'amazonpay'] },
  { name: 'Netflix', terms: ['netflix'], slds: ['netflix'] },
  { name: 'Google', terms: ['google', 'gmail', 'google drive', 'google docs', 'google workspace'], slds: ['google', 'gmail', 'googlemail', 'youtube', 'googleusercontent', 'googleapis', 'googlegroups'], lookalike: ['google', 'gmail', 'youtube'] },
  { name: 'Facebook', terms: ['facebook', 'instagram', 'whatsapp', 'meta business', 'meta for business'], slds: ['facebook', 'facebookmail', 'instagram', 'whatsapp', 'meta', 'fb'], lookalike: ['facebook', 'instagram', 'whatsapp'] },
  { name: 'LinkedIn', terms: ['linkedin'], slds: ['linkedin'] },
  { name: 'Dropbox', terms: ['dropbox'], slds: ['dropbox', 'dropboxmail'] },
  { name: 'WeTransfer', terms: ['wetransfer'], slds: ['wetransfer'] },
  { name: 'DHL', terms: ['dhl', 'dhl paket', 'dhl express'], slds: ['dhl', 'dpdhl', 'deutschepost', 'dhl-news'] },
  { name: 'FedEx', terms: ['fedex'], slds: ['fedex'] },
  { name: 'UPS', terms: ['ups', 'ups package'], slds: ['ups'], ambiguous: true },
  { name: 'USPS', terms: ['usps'], slds: ['usps'] },
  { name: 'Correios', terms: ['correios'], slds: ['correios'] },
  { name: 'Wells Fargo', terms: ['wells fargo', 'wellsfargo'], slds: ['wellsfargo', 'wf'] },
  { name: 'Bank of America', terms: ['bank of america', 'bankofamerica'], slds: ['bankofamerica', 'bofa', 'ealerts-bankofamerica'] },
  { name: 'Chase', terms: ['chase', 'chase bank', 'jpmorgan chase'], slds: ['chase', 'jpmorgan', 'jpmorganchase'], ambiguous: true },
  { name: 'American Express', terms: ['american express', 'amex'], slds: ['americanexpress', 'aexp', 'amex'] },
  { name: 'Capital One', terms: ['capital one'], slds: ['capitalone'] },
  { name: 'HSBC', terms: ['hsbc'], slds: ['hsbc'] },
  { name: 'Santander', terms: ['santander'], slds: ['santander'] },
  { name: 'Bradesco', terms: ['bradesco', 'bradesco prime'], slds: ['bradesco', 'bradescoseguros', 'bradescard'] },
  { name: 'Itau', terms: ['itau', 'itaú', 'itau unibanco'], slds: ['itau', 'itaú'] },
  { name: 'Banco do Brasil', terms: ['banco do brasil', 'bancodobrasil'], slds: ['bb', 'bancodobrasil'], lookalike: ['bancodobrasil'] },
  { name: 'Caixa', terms: ['caixa', 'caixa economica'], slds: ['caixa'], ambiguous: true },
  { name: 'Nubank', terms: ['nubank'], slds: ['nubank'] },
  { name: 'Mercado Livre', terms: ['mercado livre', 'mercado libre', 'mercado pago', 'mercadopago', 'mercadolivre'], slds: ['mercadolivre', 'mercadolibre', 'mercadopago'] },
  { name: 'Livelo', terms: ['livelo'], slds: ['livelo'] },
  { name: 'PagSeguro', terms: ['pagseguro', 'pagbank'], slds: ['pagseguro', 'uol', 'pagbank'] },
  { name: 'Coinbase', terms: ['coinbase'], slds: ['coinbase'] },
  { name: 'Binance', terms: ['binance'], slds: ['binance'] },
  { name: 'MetaMask', terms: ['metamask'], slds: ['metamask', 'consensys'] },
  { name: 'Ledger', terms: ['ledger', 'ledger wallet', 'ledger live'], slds: ['ledger'], ambiguous: true },
  { name: 'Trust Wallet', terms: ['trust wallet', 'trustwallet'], slds: ['trustwallet'] },
  { name: 'OpenSea', terms: ['opensea'], slds: ['opensea'] },
  { name: 'Kraken', terms: ['kraken'], slds: ['kraken'], ambiguous: true },
  { name: 'Blockchain.com', terms: ['blockchain.com'], slds: ['blockchain'] },
  { name: 'Norton', terms: ['norton', 'norton 360', 'norton antivirus', 'nortonlifelock'], slds: ['norton', 'nortonlifelock', 'gen'], ambiguous: true },
  { name: 'McAfee', terms: ['mcafee'], slds: ['mcafee'] },
  { name: 'Geek Squad', terms: ['geek squad', 'geeksquad'], slds: ['geeksquad', 'bestbuy'] },
  { name: 'eBay', terms: ['ebay'], slds: ['ebay'] },
  { name: 'Walmart', terms: ['walmart'], slds: ['walmart'] },
  { name: 'Costco', terms: ['costco'], slds: ['costco'] },
  { name: 'Home Depot', terms: ['home depot', 'homedepot'], slds: ['homedepot'] },
  { name: 'Lowes', terms: ['lowes', "lowe's"], slds: ['lowes'], ambiguous: true },
  { name: 'IRS', terms: ['irs', 'internal revenue service'], slds: ['irs'], ambiguous: true },
  { name: 'HMRC', terms: ['hmrc'], slds: ['hmrc'] },
  { name: 'Deutsche Bahn', terms: ['deutsche bahn'], slds: ['bahn', 'deutschebahn', 'db'] },
  { name: 'Telekom', terms: ['telekom', 'deutsche telekom'], slds: ['telekom', 't-online'] },
  { name: 'Booking.com', terms: ['booking.com'], slds: ['booking'] },
  { name: 'Airbnb', terms: ['airbnb'], slds: ['airbnb'] },
  { name: 'Proton', terms: ['proton mail', 'protonmail'], slds: ['proton', 'protonmail'] },
  { name: 'Spotify', terms: ['spotify'], slds: ['spotify'] },
  { name: 'Zoom', terms: ['zoom', 'zoom video'], slds: ['zoom', 'zoomgov'], ambiguous: true },
  { name: 'Webex', terms: ['webex'], slds: ['webex', 'cisco'] },
  { name: 'Stripe', terms: ['stripe'], slds: ['stripe'], ambiguous: true },
  { name: 'Intuit', terms: ['intuit', 'quickbooks', 'turbotax'], slds: ['intuit', 'quickbooks', 'turbotax'] },
  { name: 'ADP', terms: ['adp'], slds: ['adp'], ambiguous: true },
  { name: 'Steam', terms: ['steam', 'steam support', 'steamcommunity'], slds: ['steampowered', 'steamcommunity'], ambiguous: true },
  { name: 'Twitter', terms: ['twitter'], slds: ['twitter', 'x'] },
  // Brands the phishing corpus borrows beyond the classics: retail, parcels, banks and crypto across the
  // US, Brazil, Germany, the Netherlands, France and the Nordics.
  ...compact(`
    Louis Vuitton|louis vuitton|louisvuitton
    Zalando|zalando|zalando
    ADAC|adac|adac
    Lidl|lidl|lidl
    Aldi|aldi|aldi,aldi-nord,aldi-sued
    Rossmann|rossmann|rossmann
    EDEKA|edeka|edeka
    MediaMarkt|mediamarkt,media markt|mediamarkt
    Fressnapf|fressnapf|fressnapf
    Decathlon|decathlon|decathlon
    IKEA|ikea|ikea
    Albert Heijn|albert heijn,albertheijn|ah,albertheijn
    Center Parcs|center parcs,centerparcs|centerparcs
    KLM|klm,flying blue|klm,flyingblue,airfrance
    Bol.com|bol.com|bol
    PostNL|postnl|postnl
    DPD|dpd|dpd
    Hermes|hermes paket|hermesworld,myhermes
    Deutsche Post|deutsche post|deutschepost,dhl
    Sparkasse|sparkasse|sparkasse
    Volksbank|volksbank|volksbank,vr
    Commerzbank|commerzbank|commerzbank
    Postbank|postbank|postbank
    Deutsche Bank|deutsche bank|deutsche-bank,db
    ING|ing bank,ing diba|ing,ing-diba
    Rabobank|rabobank|rabobank
    ABN AMRO|abn amro,abnamro|abnamro
    Mastercard|mastercard|mastercard
    Quicken Loans|quicken loans,rocket mortgage|quickenloans,rocketmortgage
    Fidelity|fidelity investments|fidelity
    Robinhood|robinhood|robinhood
    Crypto.com|crypto.com|crypto
    Bybit|bybit|bybit
    OKX|okx|okx
    KuCoin|kucoin|kucoin
    Bittrex|bittrex|bittrex
    BlockFi|blockfi|blockfi
    Celsius|celsius network,celsius.network|celsius
    FTX|ftx|ftx
    Exodus|exodus wallet|exodus
    Electrum|electrum|electrum
    Trezor|trezor|trezor
    Uniswap|uniswap|uniswap
    Rabby|rabby wallet|rabby
    OpenAI|openai,chatgpt|openai,chatgpt
    Porto Seguro|porto seguro|portoseguro
    Serasa|serasa|serasa,serasaexperian
    Receita Federal|receita federal|gov
    Detran|detran|gov,detran
    Gov.br|gov.br,govbr,gov br|gov
    Sicredi|sicredi|sicredi
    Sicoob|sicoob|sicoob
    PicPay|picpay|picpay
    Banco Inter|banco inter|bancointer,inter
    Magalu|magalu,magazine luiza|magazineluiza,magalu
    Americanas|americanas|americanas
    Shopee|shopee|shopee
    Shein|shein|shein
    AliExpress|aliexpress|aliexpress,alibaba
    Temu|temu|temu
    Carrefour|carrefour|carrefour
    Drogasil|drogasil|drogasil
    iFood|ifood|ifood
    Unimed|unimed|unimed
    La Poste|la poste,colissimo,chronopost|laposte,colissimo,chronopost
    Ameli|ameli,assurance maladie|ameli
    Credit Agricole|credit agricole|credit-agricole,ca
    BNP Paribas|bnp paribas|bnpparibas,bnp
    Correos|correos|correos
    BBVA|bbva|bbva
    CaixaBank|caixabank|caixabank
    Posten|posten norge|posten,bring
    DNB|dnb bank|dnb
    Vipps|vipps|vipps
    BankID|bankid|bankid
    Nordea|nordea|nordea
    Swedbank|swedbank|swedbank
    PostNord|postnord|postnord
    Klarna|klarna|klarna
    Royal Mail|royal mail|royalmail
    Evri|evri|evri
    Lloyds|lloyds bank|lloydsbank,lloyds
    NatWest|natwest|natwest
    Barclays|barclays|barclays
    Halifax|halifax bank|halifax
    Revolut|revolut|revolut
    DVLA|dvla|gov
    NHS|nhs|nhs
    Avast|avast|avast
    Kaspersky|kaspersky|kaspersky
    Bitdefender|bitdefender|bitdefender
    Kohls|kohls,kohl's|kohls
    Macys|macys,macy's|macys
    Sams Club|sams club,sam's club|samsclub
    Best Buy|best buy|bestbuy
    CVS|cvs pharmacy|cvs
    Walgreens|walgreens|walgreens
    AT&T|at&t|att
    Verizon|verizon|verizon,verizonwireless
    T-Mobile|t-mobile,tmobile|t-mobile
    Xfinity|xfinity,comcast|xfinity,comcast
    Geico|geico|geico
    State Farm|state farm|statefarm
    Allstate|allstate|allstate
    Medicare|medicare|medicare,gov
    Social Security|social security administration,ssa|ssa,gov
    Cash App|cash app,cashapp|cash,cashapp,squareup
    Venmo|venmo|venmo,paypal
    Zelle|zelle|zellepay,zelle
    TikTok|tiktok|tiktok
    Discord|discord|discord,discordapp
    Roblox|roblox|roblox
    Epic Games|epic games|epicgames
    PlayStation|playstation|playstation,sony
    Disney+|disney+,disney plus|disney,disneyplus
    HBO Max|hbo max|hbomax,max
    Hulu|hulu|hulu
    CarShield|carshield|carshield
    AAA|aaa|aaa
    Dick's Sporting Goods|dicks sporting goods|dickssportinggoods
    Elon Musk|elon musk|tesla,spacex,x
  `),
];

/** "Name|term,term|sld,sld" lines → brands; one line per brand keeps the long tail readable. */
function compact(text: string): Brand[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, terms, slds] = line.split('|');
      const termList = terms!.split(',');
      const short = termList.every((t) => t.replace(/[^a-z]/g, '').length <= 3);
      return { name: name!, terms: termList, slds: slds!.split(','), ambiguous: short || undefined, fuzzyFrom: 8 };
    });
}

/** Index: brand sld → brand, for "is this sender the brand itself" checks. */
export const BRAND_BY_SLD: ReadonlyMap<string, Brand> = new Map(BRANDS.flatMap((b) => b.slds.map((s) => [s, b] as const)));

/**
 * True when the root domain (and its second-level label) belongs to the brand. A `gov` entry stands for
 * government suffixes (receita.fazenda.gov.br, dvla.gov.uk), whose second-level labels vary.
 */
export function isBrandDomain(brand: Brand, rootDomain: string, sld: string): boolean {
  if (brand.slds.includes(sld) || (brand.roots?.includes(rootDomain) ?? false)) return true;
  return brand.slds.includes('gov') && /\.gov(\.[a-z]{2})?$/.test(rootDomain);
}
