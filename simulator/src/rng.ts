// A small seeded PRNG (sfc32, seeded through cyrb128) and the distributions the simulator draws
// from. Math.random cannot be seeded, and the same seed must always give the same log.

/** A deterministic source of numbers in [0, 1) with helpers for the shapes traffic takes. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T
  /** Index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number
  /** Standard normal (Box-Muller). */
  normal(): number
  /** Log-normal with the given median and shape σ: latencies and sizes have this long right tail. */
  logNormal(median: number, sigma: number): number
  /** `n` random bytes. */
  bytes(n: number): Uint8Array
  /** `n` lower-case hex characters. */
  hex(n: number): string
  /** A child generator whose stream depends only on this seed and `label`, not on draws made so far. */
  fork(label: string): Rng
}

/** 128 bits of state from a string (cyrb128), so any seed (number or text) spreads over all of sfc32's state. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** sfc32: fast, small, passes PractRand, and trivially portable. */
function sfc32(seed: [number, number, number, number]): () => number {
  let [a, b, c, d] = seed
  return () => {
    a |= 0
    b |= 0
    c |= 0
    d |= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

export function createRng(seed: number | string): Rng {
  const seedText = String(seed)
  const next = sfc32(cyrb128(seedText))
  // Discard the first outputs: sfc32 mixes its state over the first few rounds.
  for (let i = 0; i < 12; i++) next()

  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick() needs at least one item')
      return items[Math.floor(next() * items.length)]!
    },
    weightedIndex: (weights) => {
      let total = 0
      for (const w of weights) total += w
      let r = next() * total
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!
        if (r < 0) return i
      }
      return weights.length - 1
    },
    normal: () => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next()
      const v = next()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
    logNormal: (median, sigma) => median * Math.exp(sigma * rng.normal()),
    bytes: (n) => {
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256)
      return out
    },
    hex: (n) => {
      let s = ''
      for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16)
      return s
    },
    fork: (label) => createRng(`${seedText}/${label}`),
  }
  return rng
}
