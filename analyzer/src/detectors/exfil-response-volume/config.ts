// Config of exfil.response_volume: response bytes of a principal or IP far above normal, or a page far
// larger than what its endpoint usually returns.
import Type, { type Static } from 'typebox'
import { RateBaselineConfig } from '../volume-rate/minute-rate.js'

export const ResponseVolumeConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run this detector.' }),
    min_bytes: Type.Integer({
      minimum: 1,
      default: 100_000_000,
      description:
        'Response bytes per minute to one principal or IP below which nothing is raised (100 MB: under ~1.7 MB/s a large download is ordinary).',
    }),
    min_ratio: Type.Number({
      minimum: 1,
      default: 10,
      description:
        'The minute must exceed this many times the expectation (own EWMA and peak, population p99).',
    }),
    min_z: Type.Number({
      minimum: 0,
      default: 6,
      description: 'A principal with a learned baseline must exceed its EWMA by this many spreads.',
    }),
    high_ratio: Type.Number({
      minimum: 1,
      default: 100,
      description: 'At this many times the expectation (and 10 × min_bytes) the alert is high, else medium.',
    }),
    peak_half_life_hours: Type.Number({
      exclusiveMinimum: 0,
      default: 168,
      description:
        'Half-life of a principal\u2019s remembered peak minute: a nightly export stays expected for weeks.',
    }),
    peak_confirm_hours: Type.Number({
      exclusiveMinimum: 0,
      default: 6,
      description:
        'A large minute becomes part of the remembered peak this many hours later; until then it keeps alerting.',
    }),
    min_page_bytes: Type.Integer({
      minimum: 1,
      default: 10_000_000,
      description: 'A single response below this size is never a huge page.',
    }),
    page_ratio: Type.Number({
      minimum: 1,
      default: 20,
      description:
        'A huge page is this many times the endpoint\u2019s typical (geometric mean) response size.',
    }),
    page_z: Type.Number({
      minimum: 0,
      default: 4,
      description: 'A huge page is this many standard deviations above the endpoint\u2019s mean log2 size.',
    }),
    page_min_responses: Type.Integer({
      minimum: 1,
      default: 50,
      description: 'Successful responses an endpoint needs before its page sizes are judged.',
    }),
    max_principals: Type.Integer({
      minimum: 1,
      default: 20000,
      description: 'Principals and IPs whose baselines are held; the least recently active is dropped first.',
    }),
    max_endpoints: Type.Integer({
      minimum: 1,
      default: 5000,
      description: 'Endpoints whose response sizes are held; the least recently called is dropped first.',
    }),
    idle_hours: Type.Number({
      exclusiveMinimum: 0,
      default: 168,
      description: 'A principal or endpoint without calls for this many hours (event time) is forgotten.',
    }),
    baseline: Type.Object(RateBaselineConfig.properties, {
      additionalProperties: false,
      default: { seasonal: false },
      description: 'How each principal learns its normal bytes per minute (no seasonal profile by default).',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'exfil.response_volume (API3/API4): unusually large response volumes.',
  },
)
export type ResponseVolumeConfig = Static<typeof ResponseVolumeConfig>
