// Which page is open, from the URL hash (`#/alerts`, `#/alerts/<id>`), so a page can be
// bookmarked and the back button works without a router.
import { useSyncExternalStore } from 'react'

export type Page = { name: 'endpoints' } | { name: 'alerts'; alertId: string | null }

export function pageOf(hash: string): Page {
  const match = /^#\/alerts(?:\/([0-9a-f]{1,64}))?$/.exec(hash)
  if (match) return { name: 'alerts', alertId: match[1] ?? null }
  return { name: 'endpoints' }
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

export function usePage(): Page {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return pageOf(hash)
}
