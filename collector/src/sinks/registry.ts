// Every sink, chosen by the scheme of the sink URL. Adding a sink is a folder and one line here.
import type { SinkConfig } from './config.js'
import { createHttpSink } from './http/index.js'
import { createKafkaSink, kafkaBrokers } from './kafka/index.js'
import type { Sink, SinkContext } from './types.js'

type SinkFactory = (config: SinkConfig, ctx: SinkContext) => Sink

export const sinks: Record<string, SinkFactory> = {
  http: (c, ctx) =>
    createHttpSink({ url: c.url, maxRetries: c.max_retries, requestTimeoutMs: c.request_timeout_ms }, ctx),
  https: (c, ctx) =>
    createHttpSink({ url: c.url, maxRetries: c.max_retries, requestTimeoutMs: c.request_timeout_ms }, ctx),
  kafka: (c, ctx) =>
    createKafkaSink(
      {
        brokers: kafkaBrokers(c.url),
        clientId: c.kafka_client_id,
        requestTimeoutMs: c.request_timeout_ms,
        maxRetries: c.max_retries,
      },
      ctx,
    ),
}

export function createSink(config: SinkConfig, ctx: SinkContext): Sink {
  const scheme = config.url.slice(0, Math.max(0, config.url.indexOf('://')))
  const factory = sinks[scheme]
  if (!factory)
    throw new Error(`sink.url "${config.url}" has an unknown scheme; use http://, https:// or kafka://`)
  return factory(config, ctx)
}
