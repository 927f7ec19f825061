// scrape.crawl (API6): systematic pagination over list endpoints at machine regularity.
import type { DetectorDefinition } from '../types.js'
import { CrawlConfig } from './config.js'
import { CRAWL, createCrawl } from './crawl.js'

export const scrapeCrawl: DetectorDefinition<CrawlConfig> = {
  name: 'scrape_crawl',
  types: [CRAWL],
  config: CrawlConfig,
  create: createCrawl,
}
