// Sinks: where events are delivered.
export { SinkConfig } from './config.js'
export { createHttpSink } from './http/index.js'
export { createKafkaSink, kafkaBrokers, messageKey } from './kafka/index.js'
export { createSink, sinks } from './registry.js'
export { createStdoutSink } from './stdout/index.js'
export { FatalSinkError, type Sink, type SinkContext } from './types.js'
