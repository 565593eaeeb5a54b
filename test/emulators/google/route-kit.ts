import type { NextFunction, Request, Response } from 'express';
import type { ApiGuard } from './api-guard.ts';
import type { DirectoryState } from './directory-state.ts';
import { GoogleApiError, sendGoogleError } from './google-errors.ts';
import type { Mailbox } from './mailbox.ts';
import type { PubSub } from './pubsub-push.ts';
import type { WatchRegistry } from './watch-registry.ts';

/** Everything the route modules share. */
export interface EmulatorParts {
  directory: DirectoryState;
  guard: ApiGuard;
  pubsub: PubSub;
  watches: WatchRegistry;
  /** Injected one-shot HTTP faults per user and method (status to answer with). */
  faults: Map<string, number[]>;
  /** Every API call, in order: method and user. Lets tests count work. */
  calls: { method: string; user: string }[];
  deliver(mailbox: Mailbox, raw: Buffer): string;
  /** Fault: history records leave out `labelIds` (as some older records do), forcing a per-message lookup. */
  historyOmitsLabels: boolean;
}

type Handler = (req: Request, res: Response) => unknown;

/** Wraps a handler so a thrown GoogleApiError becomes Google's JSON error envelope. */
export function route(fn: Handler) {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      const out = fn(req, res);
      if (!res.headersSent) {
        if (out === undefined) res.status(204).end();
        else res.json(out);
      }
    } catch (err) {
      if (err instanceof GoogleApiError) sendGoogleError(res, err);
      else next(err);
    }
  };
}

/** Authenticates a Gmail call, records it, fires any injected fault, and returns the caller's mailbox. */
export function gmailCall(parts: EmulatorParts, req: Request, method: string, scopes: string[]): Mailbox {
  const { user } = parts.guard.gmail(req, method, scopes);
  parts.calls.push({ method, user });
  const queue = parts.faults.get(`${user}|${method}`) ?? parts.faults.get(`*|${method}`);
  const status = queue?.shift();
  if (status !== undefined) {
    if (status === 503) throw new GoogleApiError(503, 'backendError', 'The service is currently unavailable.', 'UNAVAILABLE');
    if (status === 404) throw new GoogleApiError(404, 'notFound', 'Requested entity was not found.', 'NOT_FOUND');
    throw new GoogleApiError(status, 'backendError', 'Backend Error', 'INTERNAL');
  }
  return parts.directory.mailboxes.get(user)!;
}

export function decodeRaw(raw: unknown): Buffer {
  if (typeof raw !== 'string' || raw.length === 0) throw new GoogleApiError(400, 'invalidArgument', "'raw' RFC822 payload message string or uploading message via /upload/* URL required", 'INVALID_ARGUMENT');
  return Buffer.from(raw, 'base64url');
}

export function asList(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}
