// Kafka sink: batches to the gatewatch.access.v1 topic, keyed by principal.
export { createKafkaSink, type KafkaSinkOptions, kafkaBrokers, messageKey } from './kafka.js'
