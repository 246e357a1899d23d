import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Store } from '../store/store.ts';
import type { Access } from './auth.ts';
import type { DocumentProcessor } from '../processing/processor.ts';

/** What the HTTP layer works with: the store, who may do what, and where uploads go. */
export type ApiDeps = {
  store: Store;
  access: Access;
  processor: DocumentProcessor;
  /** Largest file accepted per upload part. */
  maxUploadBytes: number;
  /** Upload requests a client may make per minute. @default 60 */
  uploadsPerMinute?: number;
  /** Where uploads are written while they arrive. @default the system's temporary folder */
  uploadDir?: string;
  /** Where rendered pages and evidence crops are kept. @default a folder in the system's temporary folder */
  cacheDir?: string;
  /** LibreOffice's command, to lay out a Word 97–2003 file's pages for drawing. @default 'soffice' */
  soffice?: string;
};

export type ApiServer = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;
