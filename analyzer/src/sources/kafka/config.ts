// Configuration of the Kafka source (the `kafka` key of the analyzer config).
import { ACCESS_TOPIC } from '@gatewatch/schema'
import Type, { type Static } from 'typebox'

const MiB = 1024 * 1024

export const KafkaConfig = Type.Object(
  {
    brokers: Type.Array(Type.String({ minLength: 1, pattern: '^[^\\s,]+:[0-9]+$' }), {
      minItems: 1,
      description: 'Bootstrap brokers as HOST:PORT. Example: [127.0.0.1:9092].',
    }),
    topic: Type.String({
      minLength: 1,
      default: ACCESS_TOPIC,
      description: 'Topic of AccessEvent JSON messages.',
    }),
    group_id: Type.String({
      minLength: 1,
      default: 'gatewatch-analyzer',
      description: 'Consumer group; analyzers in one group share the partitions.',
    }),
    client_id: Type.String({ minLength: 1, default: 'gatewatch-analyzer', description: 'Kafka client id.' }),
    from_beginning: Type.Boolean({
      default: true,
      description: 'Where a new group starts: the earliest offset (true) or only new messages (false).',
    }),
    max_bytes: Type.Integer({
      minimum: 1024,
      default: 8 * MiB,
      description: 'Upper bound of one fetch, bytes; bounds the size of one insert batch.',
    }),
    max_in_flight_batches: Type.Integer({
      minimum: 1,
      maximum: 64,
      default: 2,
      description:
        'Batches (one per partition) processed at once; bounds memory and lets decoding overlap an insert.',
    }),
  },
  { additionalProperties: false, description: 'Consume AccessEvents from Kafka. Absent: no Kafka source.' },
)
export type KafkaConfig = Static<typeof KafkaConfig>
