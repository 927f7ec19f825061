// Kafka sink: batches to the gatewatch.access.v1 topic, keyed by principal, zstd-compressed.
export { registerZstdCodec, ZSTD_LEVEL } from './codecs.js'
export {
  createKafkaSink,
  type KafkaCompression,
  type KafkaSinkOptions,
  kafkaBrokers,
  kafkaClientConfig,
  messageKey,
} from './kafka.js'
