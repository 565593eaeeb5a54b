import PostalMime from 'postal-mime';

/** The From address of a raw message (headers only matter; the parser is bounded by the vault's size cap). */
export async function senderOf(raw: Uint8Array): Promise<string | null> {
  const end = Math.min(raw.length, 256 * 1024);
  const parsed = await PostalMime.parse(raw.subarray(0, end));
  const addr = parsed.from?.address;
  return addr ? addr.toLowerCase() : null;
}
