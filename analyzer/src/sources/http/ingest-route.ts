// POST /api/v1/ingest: NDJSON AccessEvents pushed over HTTP (the one-machine transport). The
// answer comes only after the accepted events are stored, so a collector may checkpoint on 200.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IngestResult } from '@gatewatch/schema'
import { requireBearer } from '../../api/auth.js'
import { ErrorBody, errors } from '../../api/errors.js'
import type { Pipeline, RawRecord } from '../../pipeline/pipeline.js'
import { splitLines } from './split-lines.js'

export interface IngestRouteOptions {
  pipeline: Pipeline
  ingestToken: string
  maxBodyBytes: number
}

export const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines']

export const ingestRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
  // Authentication runs on request, before the body is read: an anonymous client cannot make us
  // buffer 16 MiB.
  app.addHook('onRequest', requireBearer(opts.ingestToken))
  app.addContentTypeParser(
    NDJSON_TYPES,
    { parseAs: 'buffer', bodyLimit: opts.maxBodyBytes },
    (_req, body, done) => done(null, body),
  )
  app.post(
    '/ingest',
    {
      bodyLimit: opts.maxBodyBytes,
      schema: { response: { 200: IngestResult, 401: ErrorBody, 413: ErrorBody, 503: ErrorBody } },
    },
    async (request) => {
      const body = request.body as Buffer
      const records: RawRecord[] = splitLines(body).map((bytes, i) => ({
        bytes,
        origin: `http:${request.ip} line ${i + 1}`,
      }))
      let result: Awaited<ReturnType<Pipeline['processBatch']>>
      try {
        result = await opts.pipeline.processBatch('http', records)
      } catch (err) {
        request.log.error({ err }, 'Ingest batch could not be stored; the client will retry.')
        throw errors.storeUnavailable()
      }
      return { accepted: result.accepted, rejected: result.rejected, reasons: result.reasons }
    },
  )
}
