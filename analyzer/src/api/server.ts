// The HTTP server: creates the fastify instance with its timeouts and logger, registers the app
// plugin, and alone listens. Logs go to stderr so stdout carries only the ready line.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import { type AppOptions, app } from './app.js'

export interface ServerOptions extends AppOptions {
  logLevel: string
}

export function createServer(opts: ServerOptions): FastifyInstance {
  const fastify = Fastify({
    logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel, stream: process.stderr },
    bodyLimit: opts.maxBodyBytes,
    connectionTimeout: 120_000,
    requestTimeout: 120_000,
    keepAliveTimeout: 10_000,
    // Closing waits for requests in flight (an ingest batch being stored) and refuses new ones.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>()
  const { logLevel: _, ...appOptions } = opts
  fastify.register(app, appOptions)
  return fastify
}

/** Listens and returns the URL a browser would use. */
export async function listen(fastify: FastifyInstance, host: string, port: number): Promise<string> {
  await fastify.listen({ host, port })
  const address = fastify.server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return `http://${shownHost}:${actualPort}`
}
