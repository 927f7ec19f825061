// Every sink, chosen by the scheme of the sink URL, with the disk spool in front when the `spool`
// config enables it. Adding a sink is a folder and one line here.
import { createSpooledSink } from '../spool/spooled-sink.js'
import type { BackoffPolicy } from './backoff.js'
import type { SinkConfig } from './config.js'
import { createHttpSink } from './http/index.js'
import { createKafkaSink, kafkaBrokers } from './kafka/index.js'
import { saslPassword, tlsOptions } from './security.js'
import type { Sink, SinkContext } from './types.js'

type SinkFactory = (config: SinkConfig, ctx: SinkContext) => Sink

const backoff = (c: SinkConfig): BackoffPolicy => ({
  baseMs: c.retry_backoff_ms ?? 200,
  capMs: c.retry_backoff_max_ms ?? 30_000,
})

function http(c: SinkConfig, ctx: SinkContext): Sink {
  if (c.sasl)
    throw new Error(
      'sink.sasl applies to kafka:// sinks only; the http sink authenticates with GATEWATCH_INGEST_TOKEN',
    )
  if (c.tls && c.url.startsWith('http://'))
    throw new Error('sink.tls is set but sink.url is http://; use https:// to connect with TLS')
  return createHttpSink(
    {
      url: c.url,
      maxRetries: c.max_retries,
      requestTimeoutMs: c.request_timeout_ms,
      backoff: backoff(c),
      tls: c.tls ? tlsOptions(c.tls) : undefined,
    },
    ctx,
  )
}

export const sinks: Record<string, SinkFactory> = {
  http,
  https: http,
  kafka: (c, ctx) =>
    createKafkaSink(
      {
        brokers: kafkaBrokers(c.url),
        clientId: c.kafka_client_id,
        requestTimeoutMs: c.request_timeout_ms,
        maxRetries: c.max_retries,
        backoff: backoff(c),
        compression: c.compression ?? 'zstd',
        tls: c.tls ? tlsOptions(c.tls) : undefined,
        sasl: c.sasl
          ? {
              mechanism: c.sasl.mechanism,
              username: c.sasl.username,
              password: saslPassword(c.sasl, ctx.env),
            }
          : undefined,
      },
      ctx,
    ),
}

export function createSink(config: SinkConfig, ctx: SinkContext): Sink {
  const scheme = config.url.slice(0, Math.max(0, config.url.indexOf('://')))
  const factory = sinks[scheme]
  if (!factory)
    throw new Error(`sink.url "${config.url}" has an unknown scheme; use http://, https:// or kafka://`)
  const sink = factory(config, ctx)
  return ctx.spool?.enable ? createSpooledSink(sink, ctx.spool, ctx) : sink
}
