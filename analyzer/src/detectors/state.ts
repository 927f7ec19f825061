// Keyed detector state with bounded memory: one value per principal, client IP, network or
// endpoint, evicted when its key has been idle longer than `idleMs` of event time, and the least
// recently touched key evicted first when more than `maxKeys` are held. Snapshots are plain JSON
// so the engine can save them in detector_state and restore them after a restart or a partition move.
import type { DetectorInstance } from './types.js'

export interface KeyedStateOptions<V = unknown> {
  /** Most keys held; touching a new key past the cap evicts the least recently touched one. */
  maxKeys: number
  /** Event-time idleness (ms) after which `evictIdle(watermark)` drops a key. */
  idleMs: number
  /** Told of every key dropped, by the cap or by idleness. */
  onEvict?: (key: string, value: V) => void
}

export interface KeyedStateSnapshot<S> {
  v: 1
  /** [key, last seen (event time, ms), value] in least-recently-touched-first order. */
  entries: [string, number, S][]
}

interface Slot<V> {
  key: string
  lastSeen: number
  value: V
  /** Neighbours in touch order: `older` towards the least recently touched end. */
  older: Slot<V> | undefined
  newer: Slot<V> | undefined
}

/** How a state value becomes JSON and back; identity for values that already are plain JSON. */
export interface StateCodec<V, S = V> {
  save(value: V): S
  load(saved: S): V
}

const identity = { save: <V>(v: V) => v, load: <V>(v: V) => v }

/**
 * Per-key state, LRU by touch order. The slots form a doubly linked list from the least to the most
 * recently touched, so a touch moves a slot to the newest end with a few pointer writes (re-inserting
 * into the Map on every touch was 4 % of the ingest with every detector on); eviction by cap and by
 * idleness both read from the oldest end and stop at the first key that stays.
 */
export class KeyedState<V, S = V> {
  readonly #slots = new Map<string, Slot<V>>()
  #oldest: Slot<V> | undefined
  #newest: Slot<V> | undefined
  readonly #options: KeyedStateOptions<V>
  readonly #codec: StateCodec<V, S>
  readonly #sweepEvery: number
  #nextSweep = Number.NEGATIVE_INFINITY
  /** Keys dropped so far, by cap and by idleness (for metrics and tests). */
  evicted = { cap: 0, idle: 0 }

  constructor(options: KeyedStateOptions<V>, codec?: StateCodec<V, S>) {
    if (!(options.maxKeys >= 1))
      throw new Error(`KeyedState maxKeys must be at least 1, got ${options.maxKeys}`)
    if (!(options.idleMs > 0)) throw new Error(`KeyedState idleMs must be positive, got ${options.idleMs}`)
    this.#options = options
    this.#codec = codec ?? (identity as StateCodec<V, S>)
    this.#sweepEvery = Math.max(1, Math.floor(options.idleMs / 64))
  }

  get size(): number {
    return this.#slots.size
  }

  /** The value of `key` without touching it, or undefined. */
  peek(key: string): V | undefined {
    return this.#slots.get(key)?.value
  }

  has(key: string): boolean {
    return this.#slots.has(key)
  }

  /** Event time `key` was last touched, or undefined. */
  lastSeen(key: string): number | undefined {
    return this.#slots.get(key)?.lastSeen
  }

  /** The value of `key`, created with `create()` if absent, marked as seen at event time `ts`. */
  touch(key: string, ts: number, create: () => V): V {
    return this.touchIfHeld(key, ts) ?? this.#add(key, ts, create()).value
  }

  /**
   * The value of `key` marked as seen at event time `ts`, or undefined (nothing added) when it is
   * not held: for hot paths that would otherwise build a `create` closure on every call.
   */
  touchIfHeld(key: string, ts: number): V | undefined {
    const slot = this.#slots.get(key)
    if (!slot) return undefined
    if (slot !== this.#newest) this.#moveNewest(slot)
    // Out-of-order events never move a key's idleness backwards.
    if (ts > slot.lastSeen) slot.lastSeen = ts
    return slot.value
  }

  /** Replaces the value of `key` (touching it at `ts`). */
  set(key: string, ts: number, value: V): void {
    const slot = this.#slots.get(key)
    if (!slot) {
      this.#add(key, ts, value)
      return
    }
    if (ts > slot.lastSeen) slot.lastSeen = ts
    slot.value = value
    if (slot !== this.#newest) this.#moveNewest(slot)
  }

  delete(key: string): boolean {
    const slot = this.#slots.get(key)
    if (!slot) return false
    this.#slots.delete(key)
    this.#unlink(slot)
    return true
  }

  /**
   * Drops keys idle for longer than `idleMs` before `watermark` (so a key may live up to 1/64 of
   * `idleMs` longer than that); returns how many. Reads from the
   * least recently touched end and stops at the first key still fresh. A key touched late by an
   * out-of-order event can sit behind a fresher one and leaves on a later call: bounded by the cap.
   */
  evictIdle(watermark: number, onEvict?: (key: string, value: V) => void): number {
    // Sweeps at most once per 1/64 of idleMs of event time.
    if (watermark < this.#nextSweep) return 0
    this.#nextSweep = watermark + this.#sweepEvery
    const cutoff = watermark - this.#options.idleMs
    let dropped = 0
    for (let slot = this.#oldest; slot && slot.lastSeen < cutoff; slot = this.#oldest) {
      this.#slots.delete(slot.key)
      this.#unlink(slot)
      this.#options.onEvict?.(slot.key, slot.value)
      onEvict?.(slot.key, slot.value)
      dropped++
    }
    this.evicted.idle += dropped
    return dropped
  }

  *entries(): IterableIterator<[string, V]> {
    for (let slot = this.#oldest; slot; ) {
      const next = slot.newer
      yield [slot.key, slot.value]
      slot = next
    }
  }

  snapshot(): KeyedStateSnapshot<S> {
    const entries: [string, number, S][] = []
    for (let slot = this.#oldest; slot; slot = slot.newer)
      entries.push([slot.key, slot.lastSeen, this.#codec.save(slot.value)])
    return { v: 1, entries }
  }

  /** Replaces the content with a snapshot; a snapshot larger than the cap keeps its most recent keys. */
  restore(snapshot: unknown): void {
    this.#slots.clear()
    this.#oldest = undefined
    this.#newest = undefined
    if (!isSnapshot<S>(snapshot)) throw new Error('KeyedState snapshot is not a version 1 snapshot')
    const entries = snapshot.entries
    const from = Math.max(0, entries.length - this.#options.maxKeys)
    for (let i = from; i < entries.length; i++) {
      const [key, lastSeen, saved] = entries[i]!
      const twice = this.#slots.get(key)
      if (twice) this.#unlink(twice)
      this.#add(key, lastSeen, this.#codec.load(saved))
    }
  }

  #add(key: string, ts: number, value: V): Slot<V> {
    const slot: Slot<V> = { key, lastSeen: ts, value, older: undefined, newer: undefined }
    this.#slots.set(key, slot)
    this.#append(slot)
    if (this.#slots.size > this.#options.maxKeys) this.#evictOldest()
    return slot
  }

  #append(slot: Slot<V>): void {
    slot.older = this.#newest
    slot.newer = undefined
    if (this.#newest) this.#newest.newer = slot
    else this.#oldest = slot
    this.#newest = slot
  }

  /** Takes `slot` out of the order; its own `newer` stays so an iteration standing on it goes on. */
  #unlink(slot: Slot<V>): void {
    if (slot.older) slot.older.newer = slot.newer
    else this.#oldest = slot.newer
    if (slot.newer) slot.newer.older = slot.older
    else this.#newest = slot.older
  }

  #moveNewest(slot: Slot<V>): void {
    this.#unlink(slot)
    this.#append(slot)
  }

  #evictOldest(): void {
    const oldest = this.#oldest
    if (!oldest) return
    this.#slots.delete(oldest.key)
    this.#unlink(oldest)
    this.evicted.cap++
    this.#options.onEvict?.(oldest.key, oldest.value)
  }
}

function isSnapshot<S>(value: unknown): value is KeyedStateSnapshot<S> {
  if (typeof value !== 'object' || value === null) return false
  const s = value as Partial<KeyedStateSnapshot<S>>
  return s.v === 1 && Array.isArray(s.entries)
}

/**
 * A detector whose whole state is one KeyedState: idle keys leave on the watermark, and the
 * snapshot, restore and size are the state's own.
 */
export function keyedDetector<V, S>(
  state: KeyedState<V, S>,
  onEvent: DetectorInstance['onEvent'],
): DetectorInstance {
  return {
    onEvent,
    onWatermark: (ctx) => state.evictIdle(ctx.watermark),
    snapshot: () => state.snapshot(),
    restore: (saved) => state.restore(saved),
    size: () => state.size,
  }
}
