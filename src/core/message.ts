/**
 * The message model. Field names follow Sublime Security's Message Data Model (MDM) so that MQL rules written
 * for Sublime run unchanged. We extend it (fields marked "extension"), we never rename it.
 * Every value is plain data: the model can be serialised to JSON as it is (attachment bytes excepted).
 */

/** A parsed domain name. `root_domain` is the registrable domain (public-suffix aware). */
export interface Domain {
  domain: string;
  root_domain: string;
  /** Second-level label of the root domain: `paypal` in `www.paypal.co.uk`. */
  sld: string;
  tld: string;
  subdomain: string | null;
  /** The xn-- form when the domain is internationalised, else null. */
  punycode: string | null;
  valid: boolean;
}

export interface EmailAddress {
  email: string;
  local_part: string;
  domain: Domain;
}

export interface Mailbox {
  display_name: string | null;
  email: EmailAddress;
}

export interface Url {
  url: string;
  scheme: string | null;
  domain: Domain;
  path: string | null;
  query_params: string | null;
  fragment: string | null;
  port: number | null;
  username: string | null;
  password: string | null;
}

/** Where a link was found. */
export type LinkParser = 'plain' | 'html' | 'qr' | 'pdf' | 'attachment' | 'header';

export interface Link {
  href_url: Url;
  display_text: string | null;
  /** A URL that the visible text itself spells, when it does. */
  display_url: Url | null;
  /** True when the visible text is a URL whose domain differs from the real target. */
  mismatched: boolean;
  parser: LinkParser;
  visible: boolean;
}

export interface AuthResult {
  /** true = pass, false = any other result that was stamped, null = not stamped. */
  pass: boolean | null;
  /** The raw result word (`pass`, `fail`, `softfail`, `none`, ...), lower case. */
  verdict: string | null;
  details: string | null;
}

export interface AuthSummary {
  spf: AuthResult;
  dkim: AuthResult;
  dmarc: AuthResult;
  /** Microsoft composite authentication (extension). */
  compauth: AuthResult;
  /** ARC chain validation (extension). */
  arc: AuthResult;
}

export interface HeaderField {
  name: string;
  value: string;
  position: number;
}

export interface Hop {
  index: number;
  /** The Received header of this hop, when it has one. */
  received: { raw: string; server_name: string | null; source_ip: string | null; time: string | null } | null;
  authentication_results: (AuthSummary & { raw: string; server_name: string | null }) | null;
  fields: HeaderField[];
}

export interface Headers {
  auth_summary: AuthSummary;
  hops: Hop[];
  message_id: string | null;
  in_reply_to: string | null;
  references: string[];
  reply_to: Mailbox[];
  return_path: EmailAddress | null;
  mailer: string | null;
  /** Every domain named in the header block (Received, Message-ID, ...). */
  domains: Domain[];
  ips: { ip: string }[];
  date: string | null;
  /** Every header field in order (extension). */
  fields: HeaderField[];
}

export interface Subject {
  subject: string;
  /** The subject without reply/forward prefixes. */
  base: string;
  is_reply: boolean;
  is_forward: boolean;
}

export interface BodyText {
  raw: string | null;
}

export interface BodyHtml {
  raw: string | null;
  /** Text as rendered (block elements become new lines, hidden elements dropped). */
  display_text: string | null;
  /** All text nodes, hidden ones too. */
  inner_text: string | null;
  /** HTML forms in the body (extension): not links, but where they post and what they ask for matters. */
  forms?: { action: string | null; method: string | null; input_types: string[] }[];
}

export interface Thread {
  text: string;
  links: Link[];
}

export interface Body {
  plain: BodyText | null;
  html: BodyHtml | null;
  /** The newest part of the conversation: the body up to the first quoted reply. */
  current_thread: Thread;
  previous_threads: Thread[];
  links: Link[];
}

/**
 * One file found while unpacking an attachment (extension; `file.explode` returns these).
 * `scan` holds what each analyser found, keyed by analyser, as Sublime's explode output does.
 */
export interface FileNode {
  id: number;
  /** 0 for the attachment itself, 1 for a file inside it, ... */
  depth: number;
  parent_id: number | null;
  file_name: string | null;
  file_extension: string | null;
  size: number;
  sha256: string;
  flavors: { mime: string | null; yara: string[] };
  scan: Record<string, unknown>;
  /** What the analysers flagged on this node: short machine tags such as `encrypted`, `vba_macro`. */
  flags: string[];
}

export interface Attachment {
  file_name: string | null;
  file_extension: string | null;
  /** The real type from magic bytes when known, else derived from name or content type. */
  file_type: string | null;
  content_type: string | null;
  content_id: string | null;
  disposition: 'attachment' | 'inline' | null;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
  /** The decoded bytes. Not enumerable in JSON output: use the attachment analysis for content. */
  raw?: Uint8Array;
  /** Nested files and analysis (extension): filled by the attachment analysis stage. */
  explode?: FileNode[];
}

export interface MessageType {
  inbound: boolean;
  outbound: boolean;
  internal: boolean;
}

/** How parsing went (extension). A malformed message still yields a model plus warnings. */
export interface ParseInfo {
  warnings: string[];
  /** Bytes of raw MIME seen. */
  size: number;
  /** True when a limit cut something off. */
  truncated: boolean;
  /** MIME parts walked (extension): the message itself counts as one. */
  parts?: number;
}

export interface MessageModel {
  /** Provider id of the message when it came from a mailbox; the file name when scanned from disk. */
  external_id: string | null;
  headers: Headers;
  subject: Subject;
  sender: Mailbox;
  recipients: { to: Mailbox[]; cc: Mailbox[]; bcc: Mailbox[] };
  body: Body;
  attachments: Attachment[];
  type: MessageType;
  /** The protected mailbox the message was delivered to or sent from, when known. */
  mailbox: Mailbox | null;
  parse: ParseInfo;
  /**
   * The raw MIME as scanned (extension). Not enumerable, so never serialised; set by the scan engine for
   * checks that need the exact bytes (DKIM re-verification). Absent when a model is built another way.
   */
  raw?: Uint8Array;
}
