// Config of volume.source_flood: one client IP or network far above its own baseline and the population.
import Type, { type Static } from 'typebox'
import { RateBaselineConfig } from '../volume-rate/minute-rate.js'

export const SourceFloodConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run this detector.' }),
    min_requests: Type.Integer({
      minimum: 1,
      default: 300,
      description:
        'Requests per minute from one IP or network below which nothing is raised (300: 5 per second).',
    }),
    min_ratio: Type.Number({
      minimum: 1,
      default: 5,
      description: 'The minute must exceed this many times both the source baseline and the population p99.',
    }),
    min_z: Type.Number({
      minimum: 0,
      default: 6,
      description: 'A source with a learned baseline must exceed it by this many spreads.',
    }),
    high_ratio: Type.Number({
      minimum: 1,
      default: 50,
      description:
        'At this many times the expectation (and 10 × min_requests) the alert is high, else medium.',
    }),
    network_prefix_v4: Type.Integer({
      minimum: 8,
      maximum: 32,
      default: 24,
      description: 'IPv4 prefix length that groups clients into one network.',
    }),
    network_prefix_v6: Type.Integer({
      minimum: 16,
      maximum: 128,
      default: 48,
      description: 'IPv6 prefix length that groups clients into one network (a multiple of 16).',
    }),
    single_ip_share: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.8,
      description: 'A network alert is left to the IP alert when one IP sent at least this share of it.',
    }),
    population_minutes: Type.Number({
      minimum: 1,
      default: 120,
      description: 'Memory of the population histogram of per-source minute totals, in minutes.',
    }),
    max_sources: Type.Integer({
      minimum: 1,
      default: 20000,
      description: 'IPs and networks whose baselines are held; the least recently active is dropped first.',
    }),
    idle_hours: Type.Number({
      exclusiveMinimum: 0,
      default: 24,
      description: 'A source without requests for this many hours (event time) is forgotten.',
    }),
    baseline: Type.Object(RateBaselineConfig.properties, {
      additionalProperties: false,
      default: { seasonal: false },
      description:
        'How each source learns its normal rate (no seasonal profile by default: sources are many).',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'volume.source_flood (API4): floods from one IP or network.',
  },
)
export type SourceFloodConfig = Static<typeof SourceFloodConfig>
