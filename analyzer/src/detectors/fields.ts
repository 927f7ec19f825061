// Config fields every detector has, with named defaults, so each detector's config.ts reads as
// its own tuning and the registry test can check them all alike.
import Type from 'typebox'

const DAY = 24 * 60 * 60 * 1000

export const DEFAULT_MAX_KEYS = 100_000
export const DEFAULT_IDLE_MS = 7 * DAY

export const enabledField = (enabled = true) =>
  Type.Boolean({ default: enabled, description: 'Whether this detector runs.' })

export const maxKeysField = (keys = DEFAULT_MAX_KEYS) =>
  Type.Integer({
    minimum: 1,
    default: keys,
    description:
      'Most keys (principals, IPs, endpoints) held per partition; the least recently seen goes first.',
  })

export const idleField = (ms = DEFAULT_IDLE_MS) =>
  Type.Integer({
    minimum: 1000,
    default: ms,
    description: 'Event time (ms) after which a key that was not seen is forgotten.',
  })
