// Config of scrape.crawl: systematic pagination at machine regularity over list endpoints.
import Type, { type Static } from 'typebox'

export const CrawlConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run this detector.' }),
    min_pages: Type.Integer({
      minimum: 2,
      default: 20,
      description:
        'Consecutive pages (page+1, offset+step or a new cursor) one caller must walk on one route.',
    }),
    max_cv: Type.Number({
      exclusiveMinimum: 0,
      default: 0.35,
      description:
        'Largest coefficient of variation (std / mean) of the gaps between those requests: people page irregularly, scripts do not.',
    }),
    max_gap_seconds: Type.Number({
      exclusiveMinimum: 0,
      default: 600,
      description: 'A longer pause between two pages ends the walk.',
    }),
    high_pages: Type.Integer({
      minimum: 2,
      default: 1000,
      description: 'A walk this long is high severity, else medium.',
    }),
    max_walks: Type.Integer({
      minimum: 1,
      default: 20000,
      description: 'Walks (caller × route) held; the least recently active is dropped first.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'scrape.crawl (API6): scripted pagination through list endpoints.',
  },
)
export type CrawlConfig = Static<typeof CrawlConfig>
