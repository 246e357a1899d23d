import type { FastifyReply } from 'fastify';

/**
 * An error the client can act on, sent as `application/problem+json` (RFC 9457): its status, a short title and a
 * sentence saying what was wrong with the request.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  constructor(status: number, title: string, detail: string) {
    super(detail);
    this.status = status;
    this.title = title;
  }
}

export type Problem = { type: string; title: string; status: number; detail: string; instance?: string };

export function sendProblem(reply: FastifyReply, status: number, title: string, detail: string): FastifyReply {
  const body: Problem = { type: 'about:blank', title, status, detail, instance: reply.request.url };
  return reply.code(status).type('application/problem+json').send(body);
}

export const notFound = (what: string): HttpProblem => new HttpProblem(404, 'Not Found', what);
export const badRequest = (detail: string): HttpProblem => new HttpProblem(400, 'Bad Request', detail);
