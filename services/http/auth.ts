import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import '@fastify/cookie';
import type { Config } from '../config.ts';
import { sendProblem } from './problem.ts';

export type Scope = 'read' | 'write';

/** Who may do what: tokens by scope, or nobody asked at all (no token configured: loopback only). */
export type Access = { tokens: ReadonlyMap<string, Scope>; open: boolean };

/** The cookie the web page's login sets: the same token, HttpOnly. */
export const SESSION_COOKIE = 'jixiao_token';

/** `read:abc,write:def` or a file of such lines; a malformed entry stops the server at start with the reason. */
export function loadAccess(config: Config): Access {
  const entries: string[] = [];
  if (config.JIXIAO_API_TOKENS) entries.push(...config.JIXIAO_API_TOKENS.split(','));
  if (config.JIXIAO_API_TOKENS_FILE) {
    entries.push(...readFileSync(config.JIXIAO_API_TOKENS_FILE, 'utf8').split('\n').map((l) => l.replace(/#.*/, '')));
  }
  const tokens = new Map<string, Scope>();
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const match = /^(read|write):(\S{16,})$/.exec(raw);
    if (!match) throw new Error(`API token entry "${raw.slice(0, 12)}…" is not scope:token (scope read or write, token 16 characters or more)`);
    tokens.set(match[2]!, match[1] as Scope);
  }
  return { tokens, open: tokens.size === 0 };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** An open server (no token configured) listens on loopback only: anyone who can reach it could write. */
export function checkListen(access: Access, host: string): void {
  if (access.open && !LOOPBACK.has(host)) {
    throw new Error(`no API token is configured, so jixiao serve listens on loopback only, not ${host}: set JIXIAO_API_TOKENS (read:TOKEN,write:TOKEN) to serve other addresses`);
  }
}

/** The scope a request carries: its bearer token, else the web page's session cookie. */
export function scopeOf(access: Access, request: FastifyRequest): Scope | null {
  if (access.open) return 'write';
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
  const token = bearer ?? request.cookies?.[SESSION_COOKIE] ?? null;
  return token ? access.tokens.get(token) ?? null : null;
}

/** A preHandler that lets a request through with the scope (write includes read), or answers 401/403. */
export function requireScope(access: Access, scope: Scope) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const has = scopeOf(access, request);
    if (has === 'write' || has === scope) return;
    if (!has) {
      await sendProblem(reply.header('WWW-Authenticate', 'Bearer'), 401, 'Unauthorized', 'send Authorization: Bearer <token> (a read or write token of JIXIAO_API_TOKENS)');
      return;
    }
    await sendProblem(reply, 403, 'Forbidden', `this needs a ${scope} token; yours is ${has}`);
  };
}
