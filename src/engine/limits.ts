/**
 * Hard caps on hostile input. Every parser and analyser reads these; tests prove each cap with an
 * attack-shaped input and by counting the work done, not by timing it.
 */
export interface Limits {
  /** Raw MIME bytes read; the rest is ignored and a warning recorded. */
  maxMessageBytes: number;
  /** Header block bytes. */
  maxHeaderBytes: number;
  /** MIME parts walked. */
  maxParts: number;
  /** MIME nesting depth. */
  maxMimeDepth: number;
  /** Links kept per message (body plus attachments). */
  maxUrls: number;
  /** Characters of text kept per body or extracted file. */
  maxTextLength: number;
  /** Nesting of archives inside archives. */
  maxArchiveDepth: number;
  /** Files listed across every archive of a message. */
  maxArchiveEntries: number;
  /** Bytes decompressed across every archive of a message. */
  maxExpandedBytes: number;
  /** Uncompressed/compressed size above which an entry is treated as a bomb and not expanded. */
  maxCompressionRatio: number;
  /** Pages of a PDF read for text and links. */
  maxPdfPages: number;
  /** Pixels of an image decoded for QR codes. */
  maxImagePixels: number;
  /**
   * Hash rounds spent deriving keys from candidate passwords of encrypted Office documents, across the message
   * (a Standard try is 50,000 SHA-1 rounds, an Agile one usually 100,000 SHA-512).
   */
  maxPasswordHashes: number;
  /** Wall-clock budget for the whole attachment analysis of one message. */
  attachmentBudgetMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 50 * 1024 * 1024,
  maxHeaderBytes: 1024 * 1024,
  maxParts: 500,
  maxMimeDepth: 20,
  maxUrls: 1000,
  maxTextLength: 2 * 1024 * 1024,
  maxArchiveDepth: 5,
  maxArchiveEntries: 2000,
  maxExpandedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxPdfPages: 30,
  maxImagePixels: 16_000_000,
  maxPasswordHashes: 600_000,
  attachmentBudgetMs: 10_000,
};
