/**
 * ClamAV adapter: streams a file to clamd with the INSTREAM command (over its unix socket or TCP) and reads
 * the verdict. Optional: the analysis runs without it, and a clamd that is down is recorded on the node, never
 * fatal to the scan. Protocol: `zINSTREAM\0`, then chunks of [u32 big-endian length][bytes], then a zero
 * length; the reply is `stream: OK`, `stream: <signature> FOUND`, or `... ERROR`.
 */
import { createConnection, type Socket } from 'node:net';
import { AppError } from '../../core/errors.ts';

export interface ClamdOptions {
  /** Path of clamd's LocalSocket; used when set, else host/port. */
  socketPath?: string;
  host?: string;
  port?: number;
  /** Connect + stream + verdict budget per file. */
  timeoutMs?: number;
  /** Bytes per INSTREAM chunk (clamd's StreamMaxLength bounds the total). */
  chunkBytes?: number;
}

export interface ClamdVerdict {
  /** The signature name when clamd found something, else null. */
  signature: string | null;
}

/** Anything that can scan a file's bytes for malware signatures (clamd, or another engine later). */
export interface MalwareScanner {
  scan(bytes: Uint8Array): Promise<ClamdVerdict>;
}

export interface ClamdClient extends MalwareScanner {
  ping(): Promise<boolean>;
}

function connect(options: ClamdOptions): Socket {
  return options.socketPath ? createConnection(options.socketPath) : createConnection(options.port ?? 3310, options.host ?? '127.0.0.1');
}

/** Sends `payload` frames and resolves with clamd's NUL- or newline-terminated reply. */
function exchange(options: ClamdOptions, write: (socket: Socket) => void): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const socket = connect(options);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (err: Error | null, reply?: string): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    socket.setTimeout(timeoutMs, () => finish(new AppError('timeout', `clamd did not answer within ${timeoutMs} ms`)));
    socket.on('error', (err) => finish(new AppError('provider_unavailable', `clamd unreachable: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err })));
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.search(/[\0\n]/);
      if (end >= 0) finish(null, text.slice(0, end));
    });
    socket.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8').replace(/[\0\n]+$/, '')));
    socket.on('connect', () => write(socket));
  });
}

/** Parses an INSTREAM reply. */
export function parseClamdReply(reply: string): ClamdVerdict {
  const text = reply.trim();
  if (/^stream: OK$/.test(text)) return { signature: null };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { signature: found[1]! };
  if (/size limit exceeded/i.test(text)) throw new AppError('limit_exceeded', 'clamd: INSTREAM size limit exceeded (StreamMaxLength)');
  throw new AppError('provider_unavailable', `clamd error: ${text.slice(0, 200)}`);
}

export function createClamdClient(options: ClamdOptions): ClamdClient {
  if (!options.socketPath && !options.port) throw new AppError('config', 'clamd needs a socketPath or a port');
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  return {
    async ping() {
      const reply = await exchange(options, (s) => s.write('zPING\0'));
      return reply.trim() === 'PONG';
    },
    async scan(bytes) {
      const reply = await exchange(options, (socket) => {
        socket.write('zINSTREAM\0');
        for (let p = 0; p < bytes.length; p += chunkBytes) {
          const chunk = bytes.subarray(p, Math.min(bytes.length, p + chunkBytes));
          const size = Buffer.alloc(4);
          size.writeUInt32BE(chunk.length);
          socket.write(size);
          socket.write(chunk);
        }
        socket.write(Buffer.alloc(4));
      });
      return parseClamdReply(reply);
    },
  };
}
