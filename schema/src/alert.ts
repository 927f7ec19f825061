// Alerts: what the detectors raise, what GET /api/v1/alerts serves, what webhooks carry and what
// the detection benchmark scores. One open alert per (type, subject), updated and escalated.
import Type, { type Static } from 'typebox'

/** Dead letters leave the analyzer on this topic (and in the dead_letters table), with a reason. */
export const DEAD_LETTER_TOPIC = 'gatewatch.access.v1.dlq'

export const Severity = Type.Union(
  [Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')],
  { description: 'How urgently a responder should look.' },
)
export type Severity = Static<typeof Severity>

/** OWASP API Security Top 10 (2023) categories an alert can belong to. */
export const OwaspCategory = Type.Union(
  [
    Type.Literal('API1:2023 Broken Object Level Authorization'),
    Type.Literal('API2:2023 Broken Authentication'),
    Type.Literal('API3:2023 Broken Object Property Level Authorization'),
    Type.Literal('API4:2023 Unrestricted Resource Consumption'),
    Type.Literal('API5:2023 Broken Function Level Authorization'),
    Type.Literal('API6:2023 Unrestricted Access to Sensitive Business Flows'),
    Type.Literal('API7:2023 Server Side Request Forgery'),
    Type.Literal('API8:2023 Security Misconfiguration'),
    Type.Literal('API9:2023 Improper Inventory Management'),
    Type.Literal('API10:2023 Unsafe Consumption of APIs'),
  ],
  { description: 'OWASP API Security Top 10 (2023) category.' },
)
export type OwaspCategory = Static<typeof OwaspCategory>

export const AlertSubject = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('principal'),
      Type.Literal('ip'),
      Type.Literal('network'),
      Type.Literal('endpoint'),
      Type.Literal('username'),
    ]),
    id: Type.String({
      maxLength: 512,
      description:
        'principal: the credential fingerprint; ip: the client IP; network: a CIDR or AS number; endpoint: "SERVICE METHOD ROUTE"; username: a login name fingerprint.',
    }),
    label: Type.Optional(
      Type.String({ maxLength: 512, description: 'A readable name, e.g. the JWT subject.' }),
    ),
  },
  { additionalProperties: false },
)
export type AlertSubject = Static<typeof AlertSubject>

export const AlertEvidence = Type.Object(
  {
    observed: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), {
      description: 'What was seen, e.g. { distinct_ids: 180, failures: 42 }.',
    }),
    expected: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), {
      description: 'What the baseline expected, e.g. { distinct_ids_p99: 6 }.',
    }),
    sample_event_ids: Type.Array(Type.String(), {
      maxItems: 20,
      description: 'Requests a responder can open.',
    }),
    events: Type.Integer({ minimum: 0, description: 'Matching events so far.' }),
  },
  { additionalProperties: false },
)
export type AlertEvidence = Static<typeof AlertEvidence>

export const Alert = Type.Object(
  {
    id: Type.String({ description: 'Stable id of the (type, subject) group.' }),
    type: Type.String({ pattern: '^[a-z]+\\.[a-z_]+$', description: 'Dotted kind, e.g. token.new_network.' }),
    severity: Severity,
    owasp: OwaspCategory,
    subject: AlertSubject,
    status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
    first_seen: Type.Integer({ description: 'Event time of the first evidence, ms since the epoch.' }),
    last_seen: Type.Integer({ description: 'Event time of the latest evidence, ms since the epoch.' }),
    detected_at: Type.Integer({ description: 'Event time at which the detector raised it.' }),
    updated_at: Type.Integer({ description: 'Wall-clock time of the last update, ms since the epoch.' }),
    summary: Type.String({ description: 'One sentence a responder understands: seen against expected.' }),
    evidence: AlertEvidence,
  },
  { additionalProperties: false },
)
export type Alert = Static<typeof Alert>

export const AlertList = Type.Object({ alerts: Type.Array(Alert), total: Type.Integer() })
export type AlertList = Static<typeof AlertList>
