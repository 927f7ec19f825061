// Config of detection: `detectors.<name>` tunes each registered detector (its own schema, from
// the registry), `detection` holds what applies to all of them: allowlists, suppressions, and
// how often state is saved.
import Type, { type Static, type TSchema } from 'typebox'
import { detectorDefinitions } from './registry.js'

export const Suppression = Type.Object(
  {
    type: Type.String({
      minLength: 1,
      description: 'Alert type to suppress, exact (`token.new_network`) or a family (`token.*`).',
    }),
    subject: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Only alerts on this subject id or label (a fingerprint, an IP, a user).',
      }),
    ),
    route: Type.Optional(
      Type.String({ minLength: 1, description: 'Only alerts on endpoints with this route template.' }),
    ),
    cidr: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Only alerts on client IPs inside this CIDR, e.g. 10.0.0.0/8.',
      }),
    ),
    until: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Event time (ISO 8601) after which the rule no longer applies; absent: always.',
      }),
    ),
    reason: Type.Optional(
      Type.String({ maxLength: 500, description: 'Why, for whoever reads the config next.' }),
    ),
  },
  { additionalProperties: false, description: 'A rule that keeps matching findings from becoming alerts.' },
)
export type Suppression = Static<typeof Suppression>

const stringList = (description: string) =>
  Type.Array(Type.String({ minLength: 1, description: 'One entry.' }), { default: [], description })

export const DetectionConfig = Type.Object(
  {
    enabled: Type.Boolean({
      default: true,
      description: 'Whether stored events run through the detectors at all.',
    }),
    save_interval_ms: Type.Integer({
      minimum: 1000,
      default: 60_000,
      description:
        'How often (wall-clock ms) detector state is saved to detector_state; also saved on stop and partition revoke.',
    }),
    allowlist: Type.Object(
      {
        cidrs: stringList(
          'Client networks (CIDR) whose requests no detector looks at, e.g. a scanner you run.',
        ),
        principals: stringList('Credential fingerprints or subjects no detector looks at.'),
        routes: stringList('Route templates no detector looks at; a trailing * matches a prefix.'),
      },
      { additionalProperties: false, default: {}, description: 'Traffic the detectors skip entirely.' },
    ),
    suppressions: Type.Array(Suppression, {
      default: [],
      description: 'Findings that match a rule do not raise or update alerts.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'The detection engine: allowlists, suppressions, state saving.',
  },
)
export type DetectionConfig = Static<typeof DetectionConfig>

export const DetectorsConfig = Type.Object(
  Object.fromEntries(detectorDefinitions.map((d) => [d.name, d.config])) as Record<string, TSchema>,
  {
    additionalProperties: false,
    default: {},
    description: 'Each detector’s switch and tuning, by detector name.',
  },
)
export type DetectorsConfig = Record<string, { enabled: boolean } & Record<string, unknown>>
