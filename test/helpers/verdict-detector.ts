import type { Detector } from '../../src/engine/detector.ts';

/**
 * A detector for pipeline tests: the subject names the verdict ("[phishing] …"), so a test knows which action
 * each message must get whatever the built-in detectors think of synthetic mail. It plugs into the real
 * engine through the Detector seam; nothing of the engine is replaced.
 */
export const verdictFromSubject: Detector = {
  id: 'test_subject_verdict',
  timeoutMs: 1000,
  rules: {
    TEST_MALWARE: { weight: 20, category: 'malware', description: 'test: malware' },
    TEST_PHISHING: { weight: 20, category: 'phishing', description: 'test: phishing' },
    TEST_BEC: { weight: 20, category: 'bec', description: 'test: bec' },
    TEST_SPAM: { weight: 20, category: 'spam', description: 'test: spam' },
    TEST_SUSPICIOUS: { weight: 5, category: 'suspicious', description: 'test: suspicious' },
  },
  detect(msg) {
    const m = /^\[(malware|phishing|bec|spam|suspicious)\]/.exec(msg.subject.subject);
    return m ? [{ rule: `TEST_${m[1]!.toUpperCase()}`, confidence: 1, evidence: `subject says ${m[1]}` }] : [];
  },
};

export const KINDS = ['malware', 'phishing', 'bec', 'spam', 'suspicious', 'clean'] as const;

export function testMessage(kind: (typeof KINDS)[number], n: number): Uint8Array {
  const subject = kind === 'clean' ? `Lunch on Friday ${n}` : `[${kind}] message ${n}`;
  return new TextEncoder().encode(
    `From: Sender ${n} <sender${n % 50}@partner.example>\r\nTo: user@corp.example\r\nSubject: ${subject}\r\n` +
      `Message-ID: <m${n}.${kind}@partner.example>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nHello, this is message number ${n}.\r\n`,
  );
}
