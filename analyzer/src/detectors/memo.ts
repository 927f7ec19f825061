// One-entry memos for what detectors derive from a row. The engine hands each row to twenty
// detectors in turn, and many of them build the same key from it (`SERVICE METHOD ROUTE`,
// `p:<fingerprint>`, the caller as an alert subject): built once per row, every detector gets the
// same string, whose hash V8 then keeps for the Map lookups. A memo is keyed on its inputs, not on
// the row, so it can never answer for other inputs; a miss just computes afresh.

export function memo1<A, R>(compute: (a: A) => R): (a: A) => R {
  let filled = false
  let lastA: A
  let last: R
  return (a) => {
    if (!filled || a !== lastA) {
      last = compute(a)
      lastA = a
      filled = true
    }
    return last
  }
}

export function memo2<A, B, R>(compute: (a: A, b: B) => R): (a: A, b: B) => R {
  let filled = false
  let lastA: A
  let lastB: B
  let last: R
  return (a, b) => {
    if (!filled || a !== lastA || b !== lastB) {
      last = compute(a, b)
      lastA = a
      lastB = b
      filled = true
    }
    return last
  }
}

export function memo3<A, B, C, R>(compute: (a: A, b: B, c: C) => R): (a: A, b: B, c: C) => R {
  let filled = false
  let lastA: A
  let lastB: B
  let lastC: C
  let last: R
  return (a, b, c) => {
    if (!filled || a !== lastA || b !== lastB || c !== lastC) {
      last = compute(a, b, c)
      lastA = a
      lastB = b
      lastC = c
      filled = true
    }
    return last
  }
}
