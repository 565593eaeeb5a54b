/** Compiles one MQL expression written in a test and evaluates it against a model. */
import type { MessageModel } from '../../../../src/core/message.ts';
import type { ListSource } from '../../../../src/engine/detector.ts';
import { compileMql } from '../../../../src/engine/rules/compile.ts';
import { makeLowerCache, type EvalEnv, type ProfileView } from '../../../../src/engine/rules/eval-env.ts';
import { UNKNOWN_PROFILE } from '../../../../src/engine/rules/functions/profile.ts';
import { makeListResolver } from '../../../../src/engine/rules/lists.ts';
import { parseMql } from '../../../../src/engine/rules/parser.ts';
import { listSource } from '../../../helpers/list-source.ts';
import { makeModel } from '../../../helpers/model-factory.ts';

export interface EvalOptions {
  model?: MessageModel;
  lists?: ListSource;
  profile?: ProfileView;
}

export function evalMql(src: string, opts: EvalOptions = {}): unknown {
  const compiled = compileMql(parseMql(src));
  if (compiled.unsupported.size) throw new Error(`unsupported: ${[...compiled.unsupported].join(', ')}`);
  return compiled.fn(makeEnv(opts));
}

/** A fresh per-message environment, as the rules detector builds one for each message. */
export function makeEnv(opts: EvalOptions = {}): EvalEnv {
  const lists = opts.lists ?? listSource();
  const profile = opts.profile ?? UNKNOWN_PROFILE;
  return {
    msg: opts.model ?? makeModel(),
    stack: [],
    lists: makeListResolver(lists, { lists, org: { domains: ['acme.com'], vips: [{ name: 'Jane Doe', email: 'jane.doe@acme.com' }] } }),
    profiles: { sender: profile, senderDomain: profile, replyTo: profile },
    memo: new Map(),
    lower: makeLowerCache(),
  };
}
