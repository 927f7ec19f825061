// URL decoding as an attacker's payload needs it: percent-decoding repeated (double and triple
// encoding), `+` as a space in query values, overlong UTF-8 dots and slashes (%c0%ae, %c0%af) read
// as the characters old servers took them for, other invalid escapes read byte by byte.

const overlong: [RegExp, string][] = [
  [/%c0%ae|%e0%80%ae/gi, '.'],
  [/%c0%af|%e0%80%af/gi, '/'],
  [/%c1%9c/gi, '\\'],
]

/** One round of percent-decoding that never throws: bad escapes stay literal. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    let readable = text
    for (const [sequence, char] of overlong) readable = readable.replace(sequence, char)
    return readable.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    )
  }
}

/** Percent-decodes until the text stops changing, at most `rounds` times. */
export function decodeRepeatedly(text: string, rounds = 3): string {
  let current = text
  for (let i = 0; i < rounds; i++) {
    const next = percentDecode(current)
    if (next === current) break
    current = next
  }
  return current
}

/** The decoded values of a query string (`a=1&b=%27`), `+` read as a space. */
export function queryValues(query: string): string[] {
  if (!query) return []
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=')
    return decodeRepeatedly((eq === -1 ? pair : pair.slice(eq + 1)).replaceAll('+', ' '))
  })
}
