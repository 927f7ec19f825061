// Kafka source: consume AccessEvents as a consumer group, commit after the insert.
export { KafkaConfig } from './config.js'
export { createKafkaSource, type KafkaSource, type KafkaSourceDeps } from './kafka-source.js'
