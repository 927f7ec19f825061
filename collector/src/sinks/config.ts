// Settings of the delivery side: where to, batching, in-flight bound and retries.
import Type, { type Static } from 'typebox'

export const SinkConfig = Type.Object(
  {
    url: Type.String({
      pattern: '^(kafka|http|https)://',
      description:
        'Destination: http://HOST:PORT (the analyzer; events are posted to /api/v1/ingest) or kafka://HOST:PORT[,HOST:PORT] (topic gatewatch.access.v1).',
    }),
    batch_max_events: Type.Integer({
      minimum: 1,
      maximum: 100_000,
      default: 2000,
      description: 'A batch is sent when it holds this many events.',
    }),
    batch_max_wait_ms: Type.Integer({
      minimum: 1,
      maximum: 60_000,
      default: 1000,
      description: 'A non-empty batch is sent at the latest this long after its first event, ms.',
    }),
    max_in_flight: Type.Integer({
      minimum: 1,
      maximum: 64,
      default: 4,
      description: 'Batches sent but not yet acknowledged; reading pauses while this many are in flight.',
    }),
    max_retries: Type.Integer({
      minimum: 0,
      maximum: 1000,
      default: 10,
      description:
        'Retries of a batch after network errors or 5xx answers (exponential backoff up to 30 s) before the collector stops with an error; the checkpoint stays before the batch.',
    }),
    request_timeout_ms: Type.Integer({
      minimum: 100,
      maximum: 600_000,
      default: 30_000,
      description: 'Time allowed for one delivery attempt, ms.',
    }),
    kafka_client_id: Type.String({
      minLength: 1,
      default: 'gatewatch-collector',
      description: 'Kafka client id (kafka:// sinks only).',
    }),
  },
  { additionalProperties: false, description: 'Where events go and how they are batched.' },
)
export type SinkConfig = Static<typeof SinkConfig>
