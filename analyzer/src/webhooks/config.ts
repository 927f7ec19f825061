import { Severity } from '@gatewatch/schema'
import Type, { type Static } from 'typebox'

export const WebhookReceiver = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9_-]{1,64}$',
      description: 'Name of the receiver, for logs and metrics.',
    }),
    url: Type.String({ pattern: '^https?://', description: 'Where alerts are POSTed as JSON.' }),
    secret: Type.String({
      minLength: 16,
      description:
        'Shared secret of the HMAC-SHA256 signature in X-Gatewatch-Signature. Prefer an environment variable in the config loader.',
    }),
    min_severity: Type.Union(Severity.anyOf, {
      default: 'medium',
      description: 'Least severe alert sent to this receiver.',
    }),
    types: Type.Array(Type.String({ minLength: 1, description: 'An alert type or family (token.*).' }), {
      default: [],
      description: 'Only these alert types (exact or family.*); empty: all.',
    }),
  },
  { additionalProperties: false, description: 'One webhook receiver.' },
)
export type WebhookReceiver = Static<typeof WebhookReceiver>

export const WebhooksConfig = Type.Object(
  {
    receivers: Type.Array(WebhookReceiver, {
      default: [],
      description: 'Receivers of new and escalated alerts.',
    }),
    max_attempts: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Deliveries tried before one is marked failed.',
    }),
    retry_base_ms: Type.Integer({
      minimum: 10,
      default: 2000,
      description: 'First retry delay (ms); each next one doubles, up to ten minutes.',
    }),
    timeout_ms: Type.Integer({
      minimum: 100,
      default: 10_000,
      description: 'How long one POST may take (ms).',
    }),
    poll_ms: Type.Integer({
      minimum: 10,
      default: 1000,
      description: 'How often the outbox is checked for due deliveries (ms).',
    }),
  },
  { additionalProperties: false, default: {}, description: 'Signed webhooks for alerts.' },
)
export type WebhooksConfig = Static<typeof WebhooksConfig>
