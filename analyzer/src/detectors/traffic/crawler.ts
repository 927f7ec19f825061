// Which requests the recon detectors may skip as a known crawler. Enrichment's `bot` names every
// automated client isbot knows, HTTP libraries included (curl, python-requests, Go-http-client):
// those are what probes are made with, so only the named search and SEO crawlers, feed readers
// and link previewers are skipped. A user agent is easy to fake: skipping stays opt-in per detector.
import Type from 'typebox'
import type { EventRow } from '../../store/event-row.js'

export const DEFAULT_CRAWLERS = [
  'googlebot|adsbot-google|feedfetcher-google|google-read-aloud|mediapartners-google',
  'bingbot|bingpreview|msnbot|adidxbot',
  'baiduspider|yandex|sogou|yeti|seznambot|naver|duckduckbot|applebot|slurp|petalbot|qwantify',
  'ahrefsbot|semrushbot|mj12bot|dotbot|blexbot|megaindex|serpstatbot|dataforseobot',
  'facebookexternalhit|twitterbot|linkedinbot|slackbot|discordbot|telegrambot|whatsapp',
  'archive\\.org_bot|ia_archiver|archive|rss|feed|universalfeedparser',
]

/** Config fields of a detector that may skip known crawlers; `exclude` is its default. */
export const crawlerFields = (exclude: boolean) => ({
  exclude_bots: Type.Boolean({
    default: exclude,
    description:
      'Skip requests whose enrichment bot name matches crawler_patterns (search, SEO and feed crawlers; never HTTP libraries like curl).',
  }),
  crawler_patterns: Type.Array(Type.String({ minLength: 1 }), {
    default: DEFAULT_CRAWLERS,
    description: 'Regular expressions (case-insensitive) on the bot name of the crawlers exclude_bots skips.',
  }),
})

/** True for a row to skip; throws naming the detector when a pattern is invalid. */
export function crawlerFilter(
  detector: string,
  config: { exclude_bots: boolean; crawler_patterns: string[] },
): (row: EventRow) => boolean {
  if (!config.exclude_bots) return () => false
  let pattern: RegExp
  try {
    pattern = new RegExp(config.crawler_patterns.map((p) => `(?:${p})`).join('|'), 'i')
  } catch (error) {
    throw new Error(`${detector}: crawler_patterns is invalid: ${(error as Error).message}`)
  }
  return (row) => row.bot !== '' && pattern.test(row.bot)
}
