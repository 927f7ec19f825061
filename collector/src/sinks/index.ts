// Sinks: where events are delivered.
export { type BackoffPolicy, backoffMs, retryAfterMs } from './backoff.js'
export { SaslConfig, SinkConfig, TlsConfig } from './config.js'
export { batchKey, createHttpSink } from './http/index.js'
export {
  createKafkaSink,
  kafkaBrokers,
  kafkaClientConfig,
  messageKey,
  registerZstdCodec,
} from './kafka/index.js'
export { type SinkMetrics, sinkMetrics, spoolMetrics } from './metrics.js'
export { createSink, sinks } from './registry.js'
export { saslPassword, tlsOptions } from './security.js'
export { createStdoutSink } from './stdout/index.js'
export { FatalSinkError, type Sink, type SinkContext } from './types.js'
