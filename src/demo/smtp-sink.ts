/**
 * A minimal SMTP receiver on loopback: the demo points the alert mailer at it (ALERT_TRANSPORT=smtp), so the
 * security team's alert emails are real SMTP conversations with nodemailer, and the demo can show them.
 * It speaks just enough of RFC 5321 for one client: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';

/** One email as received. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  raw: string;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

const MAX_MESSAGE = 2 * 1024 * 1024;

function session(socket: Socket, received: ReceivedMail[]): void {
  let buffer = '';
  let from = '';
  let to: string[] = [];
  let data: string | null = null;
  const say = (line: string) => socket.write(`${line}\r\n`);
  say('220 mailwarden-demo ESMTP');
  socket.setEncoding('latin1');
  socket.on('error', () => {});
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > MAX_MESSAGE) {
      say('552 message too large');
      socket.destroy();
      return;
    }
    for (;;) {
      if (data !== null) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        data += buffer.slice(0, end);
        buffer = buffer.slice(end + 5);
        const raw = data.replace(/^\.\./gm, '.');
        const entry: ReceivedMail = { from, to, subject: '', raw };
        received.push(entry);
        // Subjects arrive as folded encoded-words; decode them for display.
        void PostalMime.parse(Buffer.from(raw, 'latin1')).then((m) => (entry.subject = m.subject ?? ''), () => {});
        data = null;
        from = '';
        to = [];
        say('250 queued');
        continue;
      }
      const eol = buffer.indexOf('\r\n');
      if (eol < 0) return;
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') say('250 mailwarden-demo');
      else if (verb === 'MAIL') {
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        say('250 ok');
      } else if (verb === 'RCPT') {
        to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        say('250 ok');
      } else if (verb === 'DATA') {
        data = '';
        say('354 end with <CRLF>.<CRLF>');
      } else if (verb === 'RSET') {
        from = '';
        to = [];
        say('250 ok');
      } else if (verb === 'NOOP') say('250 ok');
      else if (verb === 'QUIT') {
        say('221 bye');
        socket.end();
      }
      else say('502 command not implemented');
    }
  });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server: Server = createServer((socket) => session(socket, received));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
