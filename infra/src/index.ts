// @gatewatch/infra: a real Apache Kafka broker for tests and the demo.
export { freePort } from './free-port.js'
export {
  createTopic,
  type FetchKafkaOptions,
  fetchKafka,
  KAFKA_HOME,
  KAFKA_VERSION,
  type KafkaBroker,
  kafkaLibsDir,
  type StartKafkaOptions,
  startKafka,
} from './kafka.js'
export { sharedDataDir, sharedDataPath } from './shared-data.js'
