// Config of volume.endpoint_spike: when one endpoint's requests in a minute are far above its baseline.
import Type, { type Static } from 'typebox'
import { RateBaselineConfig } from '../volume-rate/minute-rate.js'

export const EndpointSpikeConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run this detector.' }),
    min_requests: Type.Integer({
      minimum: 1,
      default: 100,
      description:
        'Requests per minute on one endpoint below which nothing is raised, whatever the baseline.',
    }),
    min_ratio: Type.Number({
      minimum: 1,
      default: 4,
      description: 'The minute must exceed this many times the expected requests.',
    }),
    min_z: Type.Number({
      minimum: 0,
      default: 6,
      description: 'The minute must exceed the expectation by this many spreads (standard deviations).',
    }),
    high_ratio: Type.Number({
      minimum: 1,
      default: 20,
      description:
        'At this many times the expectation (and 10 × min_requests) the alert is high, else medium.',
    }),
    top_sources: Type.Integer({
      minimum: 1,
      maximum: 20,
      default: 5,
      description: 'Client IPs named in the evidence, largest first.',
    }),
    max_endpoints: Type.Integer({
      minimum: 1,
      default: 5000,
      description: 'Endpoints whose baselines are held; the least recently called is dropped first.',
    }),
    idle_hours: Type.Number({
      exclusiveMinimum: 0,
      default: 168,
      description: 'An endpoint without calls for this many hours (event time) is forgotten.',
    }),
    baseline: RateBaselineConfig,
  },
  {
    additionalProperties: false,
    default: {},
    description: 'volume.endpoint_spike (API4): per-endpoint request spikes.',
  },
)
export type EndpointSpikeConfig = Static<typeof EndpointSpikeConfig>
