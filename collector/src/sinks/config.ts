// Settings of the delivery side: where to, batching, in-flight bound, retries, compression and the
// transport's security (TLS for both sinks, SASL for Kafka). Secrets are never config values: a
// password is read from an environment variable or a file named here.
import Type, { type Static } from 'typebox'

export const TlsConfig = Type.Object(
  {
    ca_file: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'PEM file of the certificate authorities to trust instead of the system store. Example: /etc/gatewatch/ca.pem.',
      }),
    ),
    cert_file: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'PEM client certificate for mutual TLS; needs key_file.',
      }),
    ),
    key_file: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'PEM private key of cert_file; keep it readable by the collector only.',
      }),
    ),
    servername: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Host name to verify the server certificate against (and to send as SNI) when it differs from the URL host.',
      }),
    ),
    verify: Type.Boolean({
      default: true,
      description:
        'Verify the server certificate chain and host name. false is for a lab only: anyone on the path can then read the events.',
    }),
  },
  {
    additionalProperties: false,
    description:
      'TLS settings. For https:// sinks they refine the connection; for kafka:// sinks their presence turns TLS on.',
  },
)
export type TlsConfig = Static<typeof TlsConfig>

export const SaslConfig = Type.Object(
  {
    mechanism: Type.Union(
      [Type.Literal('plain'), Type.Literal('scram-sha-256'), Type.Literal('scram-sha-512')],
      {
        description:
          'SASL mechanism the brokers expect. PLAIN sends the password as is: use it only over TLS. SCRAM never sends it.',
      },
    ),
    username: Type.String({ minLength: 1, description: 'SASL user name. Example: gatewatch-collector.' }),
    password_env: Type.Optional(
      Type.String({
        minLength: 1,
        pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
        description:
          'Environment variable holding the password (default GATEWATCH_KAFKA_PASSWORD when password_file is not set).',
      }),
    ),
    password_file: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'File whose content (one trailing newline stripped) is the password, e.g. a mounted secret. Wins over password_env.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'SASL authentication to the Kafka brokers (kafka:// sinks only).',
  },
)
export type SaslConfig = Static<typeof SaslConfig>

export const SinkConfig = Type.Object(
  {
    url: Type.String({
      pattern: '^(kafka|http|https)://',
      description:
        'Destination: http(s)://HOST:PORT (the analyzer; events are posted to /api/v1/ingest) or kafka://HOST:PORT[,HOST:PORT] (topic gatewatch.access.v1).',
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
        'Retries of a batch after network errors, timeouts, 408/429/5xx answers or Kafka errors (jittered exponential backoff) before the send fails. With the spool enabled a failing batch goes to disk instead; without it the collector stops with an error and the checkpoint stays before the batch.',
    }),
    retry_backoff_ms: Type.Integer({
      minimum: 1,
      maximum: 60_000,
      default: 200,
      description:
        'First retry waits up to this long, ms; each further retry doubles the bound (full jitter) up to retry_backoff_max_ms.',
    }),
    retry_backoff_max_ms: Type.Integer({
      minimum: 1,
      maximum: 600_000,
      default: 30_000,
      description:
        'Longest wait between two retries, ms. A Retry-After answer from the analyzer is honoured up to this bound.',
    }),
    request_timeout_ms: Type.Integer({
      minimum: 100,
      maximum: 600_000,
      default: 30_000,
      description: 'Time allowed for one delivery attempt, ms.',
    }),
    compression: Type.Union([Type.Literal('zstd'), Type.Literal('gzip'), Type.Literal('none')], {
      default: 'zstd',
      description:
        'Compression of Kafka record batches (kafka:// sinks only). zstd: the smallest batches at the least CPU on access logs (see collector/README.md, Delivery); every Gatewatch analyzer decodes it. gzip: for third-party consumers without a zstd codec.',
    }),
    kafka_client_id: Type.String({
      minLength: 1,
      default: 'gatewatch-collector',
      description: 'Kafka client id (kafka:// sinks only).',
    }),
    tls: Type.Optional(TlsConfig),
    sasl: Type.Optional(SaslConfig),
  },
  { additionalProperties: false, description: 'Where events go and how they are batched.' },
)
export type SinkConfig = Static<typeof SinkConfig>
