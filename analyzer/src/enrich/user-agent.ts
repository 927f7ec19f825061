// User-agent family and bot name. ua-parser-js (1.x, MIT) knows browsers; isbot knows crawlers,
// monitors and HTTP libraries. Scripts that ua-parser-js does not name (python-requests/2.32,
// Go-http-client/1.1) take their product token as family. Answers are cached: a busy API sees a
// few hundred distinct user agents, not one per request.
import { isbotMatch } from 'isbot'
import UAParser from 'ua-parser-js'

export interface UserAgentFacts {
  ua_family: string
  bot: string
}

const CACHE_SIZE = 10_000
const MAX_UA = 512

/** The bot's own name: the user-agent word around what isbot matched (`google` → `Googlebot`). */
function botName(ua: string): string {
  const match = isbotMatch(ua)?.split('/')[0]
  if (!match) return ''
  const at = ua.toLowerCase().indexOf(match.toLowerCase())
  if (at < 0) return match
  let start = at
  let end = at + match.length
  while (start > 0 && /[\w.-]/.test(ua[start - 1]!)) start--
  while (end < ua.length && /[\w-]/.test(ua[end]!)) end++
  return ua.slice(start, end)
}

export function createUserAgentParser(): (userAgent: string) => UserAgentFacts {
  const cache = new Map<string, UserAgentFacts>()
  return (userAgent) => {
    if (!userAgent) return { ua_family: '', bot: '' }
    const ua = userAgent.length > MAX_UA ? userAgent.slice(0, MAX_UA) : userAgent
    const hit = cache.get(ua)
    if (hit) return hit
    const browser = new UAParser(ua).getBrowser().name
    const product = /^([A-Za-z][\w.-]{0,40})\//.exec(ua)?.[1]
    const family = browser ?? (product && product !== 'Mozilla' ? product : '')
    const facts = { ua_family: family, bot: botName(ua) }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
    cache.set(ua, facts)
    return facts
  }
}
