// A Map capped at `max` keys that drops the least recently touched key first and, on `evictIdle`,
// every key idle longer than a span of event time. Used by the detectors whose state is one record
// per key (endpoint, principal, principal × route).
export class EventTimeLru<V extends { lastTs: number }> {
  private readonly map = new Map<string, V>()

  constructor(
    private readonly max: number,
    private readonly idleMs: number,
  ) {}

  get(key: string): V | undefined {
    return this.map.get(key)
  }

  /** Returns the key's value (creating it with `create`) and marks it most recently used. */
  touch(key: string, create: () => V): V {
    let value = this.map.get(key)
    if (value) this.map.delete(key)
    else {
      value = create()
      if (this.map.size >= this.max) {
        const oldest = this.map.keys().next().value
        if (oldest !== undefined) this.map.delete(oldest)
      }
    }
    this.map.set(key, value)
    return value
  }

  /** Drops keys idle for longer than the idle span at `watermark` (oldest first, so it stops early). */
  evictIdle(watermark: number): void {
    for (const [key, value] of this.map) {
      if (value.lastTs >= watermark - this.idleMs) break
      this.map.delete(key)
    }
  }

  get size(): number {
    return this.map.size
  }

  snapshot(): [string, V][] {
    return [...this.map]
  }

  restore(entries: unknown): void {
    this.map.clear()
    if (!Array.isArray(entries)) return
    for (const entry of entries) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[1])
        this.map.set(entry[0], entry[1] as V)
    }
  }
}
