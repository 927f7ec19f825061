// Interim keyed state for the detectors2 detectors until wip/detect's detectors/state.ts lands:
// a Map kept in last-touched (event-time) order, capped at `maxKeys`, idle keys evicted on the
// watermark, JSON-serialisable through snapshot()/restore().

export interface KeyedStateOptions {
  /** Keys held at most; the least recently touched goes first. */
  maxKeys: number
  /** A key untouched for this long in event time is dropped on the watermark. */
  idleMs: number
}

interface Slot<V> {
  seen: number
  value: V
}

export class KeyedState<V> {
  readonly #slots = new Map<string, Slot<V>>()
  readonly #options: KeyedStateOptions

  constructor(options: KeyedStateOptions) {
    this.#options = options
  }

  /** The value of `key`, created by `init` when absent; marks it touched at event time `ts`. */
  touch(key: string, ts: number, init: () => V): V {
    let slot = this.#slots.get(key)
    if (slot) this.#slots.delete(key)
    else slot = { seen: ts, value: init() }
    slot.seen = Math.max(slot.seen, ts)
    this.#slots.set(key, slot)
    if (this.#slots.size > this.#options.maxKeys) {
      const oldest = this.#slots.keys().next().value as string
      this.#slots.delete(oldest)
    }
    return slot.value
  }

  get(key: string): V | undefined {
    return this.#slots.get(key)?.value
  }

  /** Drops keys idle since before `watermark - idleMs`. */
  evictIdle(watermark: number): void {
    const horizon = watermark - this.#options.idleMs
    for (const [key, slot] of this.#slots) {
      if (slot.seen >= horizon) break
      this.#slots.delete(key)
    }
  }

  get size(): number {
    return this.#slots.size
  }

  snapshot(encode: (value: V) => unknown = (v) => v): [string, number, unknown][] {
    return [...this.#slots].map(([key, slot]) => [key, slot.seen, encode(slot.value)])
  }

  restore(state: unknown, decode: (value: unknown) => V = (v) => v as V): void {
    this.#slots.clear()
    if (!Array.isArray(state)) return
    for (const entry of state) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number') continue
      this.#slots.set(entry[0], { seen: entry[1], value: decode(entry[2]) })
    }
  }
}
