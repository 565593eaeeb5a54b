/**
 * The attachment detector's rule table: each rule maps to the analysis flags that raise it. Weights are
 * defaults (tenants override them); categories say what kind of threat the rule points at.
 */
import type { RuleInfo } from '../../../core/verdict.ts';

export interface AttachmentRule extends RuleInfo {
  /** Node flags that raise the rule; the first matching node's flags and name become the evidence. */
  flags: readonly string[];
}

export const ATTACHMENT_RULES = {
  MACRO_DOCUMENT: { weight: 6, category: 'malware', description: 'Office document with a VBA or Excel 4 macro', flags: ['vba_macro', 'xlm_macro'] },
  MACRO_AUTO_EXEC: { weight: 3, category: 'malware', description: 'Macro that runs automatically when the document opens', flags: ['vba_auto_exec'] },
  MACRO_ENABLED_TYPE: { weight: 1, category: 'suspicious', description: 'Macro-enabled Office file type (docm, xlsm, ...)', flags: ['macro_enabled_type'] },
  ENCRYPTED_ARCHIVE: { weight: 3, category: 'malware', description: 'Password-protected archive: its content cannot be inspected', flags: ['encrypted_archive'] },
  ENCRYPTED_DOCUMENT: { weight: 3, category: 'malware', description: 'Password-protected Office or PDF document', flags: ['encrypted_document'] },
  OFFICE_DEFAULT_PASSWORD: { weight: 3, category: 'malware', description: "Office Open XML document encrypted with Excel's built-in password (VelvetSweatshop): it opens without asking, but hides its content from scanners", flags: ['default_password'] },
  ENCRYPTED_ARCHIVE_PASSWORD_IN_BODY: { weight: 5, category: 'malware', description: 'Encrypted attachment with its password written in the message', flags: [] },
  DANGEROUS_FILE_TYPE: { weight: 6, category: 'malware', description: 'Executable, script, shortcut, disk image, OneNote, HTA or CHM file', flags: ['dangerous_type'] },
  DOUBLE_EXTENSION: { weight: 5, category: 'malware', description: 'File name hides a dangerous extension behind a document one', flags: ['double_extension'] },
  TYPE_MISMATCH: { weight: 3, category: 'suspicious', description: 'File content does not match its extension', flags: ['type_mismatch'] },
  HTML_SMUGGLING: { weight: 7, category: 'malware', description: 'HTML or SVG that rebuilds and saves a file in the browser', flags: ['html_smuggling', 'data_uri_download'] },
  HTML_CREDENTIAL_FORM: { weight: 6, category: 'phishing', description: 'HTML attachment with a form sending input to a remote site', flags: ['credential_form', 'form_offsite'] },
  HTML_REDIRECT: { weight: 3, category: 'phishing', description: 'HTML attachment that redirects the browser to a remote page', flags: ['html_redirect'] },
  SVG_SCRIPT: { weight: 5, category: 'phishing', description: 'SVG image carrying script', flags: ['svg_script'] },
  OBFUSCATED_SCRIPT: { weight: 3, category: 'suspicious', description: 'Obfuscated script (eval, unescape, fromCharCode, long base64)', flags: ['obfuscated_script'] },
  PDF_JAVASCRIPT: { weight: 5, category: 'malware', description: 'PDF with JavaScript', flags: ['pdf_javascript'] },
  PDF_AUTO_ACTION: { weight: 2, category: 'suspicious', description: 'PDF with an action that runs on open (OpenAction/AA)', flags: ['pdf_auto_action'] },
  PDF_LAUNCH: { weight: 6, category: 'malware', description: 'PDF with a Launch action', flags: ['pdf_launch'] },
  PDF_EMBEDDED_FILE: { weight: 2, category: 'suspicious', description: 'PDF with an embedded file', flags: ['pdf_embedded_file'] },
  PDF_SUBMIT_FORM: { weight: 3, category: 'phishing', description: 'PDF form that submits to a remote address', flags: ['pdf_submit_form'] },
  PDF_LINK_ONLY: { weight: 3, category: 'phishing', description: 'PDF that is little more than a link', flags: ['pdf_link_only'] },
  PDF_IMAGE_ONLY: { weight: 2, category: 'suspicious', description: 'PDF that is only an image (often a QR code or a fake button)', flags: ['pdf_image_only'] },
  REMOTE_TEMPLATE: { weight: 7, category: 'malware', description: 'Office document that loads a remote template or OLE object', flags: ['remote_template', 'external_ole_object'] },
  DDE: { weight: 6, category: 'malware', description: 'DDE field or formula that runs a program', flags: ['dde'] },
  RTF_OBJECT_AUTO_UPDATE: { weight: 6, category: 'malware', description: 'RTF embedded object set to update on open, or an Equation Editor object', flags: ['rtf_objupdate', 'rtf_equation_editor'] },
  EMBEDDED_OBJECT: { weight: 1.5, category: 'suspicious', description: 'Document with an embedded OLE object or RTF object', flags: ['ole_embedded_object', 'rtf_object', 'onenote_embedded_file'] },
  LNK_COMMAND: { weight: 3, category: 'malware', description: 'Shortcut that starts a command interpreter or script host', flags: ['lnk_command'] },
  REMOTE_SHARE_TARGET: { weight: 5, category: 'malware', description: 'Internet shortcut pointing at a file share', flags: ['remote_share_target'] },
  QR_CODE_LINK: { weight: 3, category: 'phishing', description: 'Image attachment with a QR code that encodes a link', flags: ['qr_code_url'] },
  ARCHIVE_BOMB: { weight: 4, category: 'malware', description: 'Archive entry whose expansion is bomb-shaped (stopped at the limit)', flags: ['archive_bomb', 'expanded_limit'] },
  NESTING_LIMIT: { weight: 3, category: 'suspicious', description: 'Archives nested deeper than the analysis goes', flags: ['nesting_limit'] },
  ANALYSIS_LIMIT: { weight: 1, category: 'suspicious', description: 'Attachment analysis stopped at an entry or time limit', flags: ['entry_limit', 'time_budget', 'image_too_large'] },
  ARCHIVE_NOT_UNPACKED: { weight: 1.5, category: 'suspicious', description: 'Archive format we do not unpack (RAR, 7z, CAB, ...)', flags: ['archive_not_unpacked'] },
  TRAILING_DATA: { weight: 2, category: 'suspicious', description: 'Image with data appended after its end (a polyglot hiding another file)', flags: ['trailing_data'] },
  MALFORMED_FILE: { weight: 1, category: 'suspicious', description: 'Attachment that its parser could not read (malformed or truncated)', flags: ['malformed_pdf', 'corrupt_archive', 'analysis_error'] },
  EICAR_TEST_FILE: { weight: 10, category: 'malware', description: 'EICAR anti-virus test file', flags: ['eicar'] },
  KNOWN_BAD_HASH: { weight: 10, category: 'malware', description: 'File whose SHA-256 is on the bad_hashes list', flags: [] },
  CLAMAV_MATCH: { weight: 10, category: 'malware', description: 'ClamAV signature match', flags: ['clamav'] },
} as const satisfies Record<string, AttachmentRule>;

export type AttachmentRuleId = keyof typeof ATTACHMENT_RULES;
