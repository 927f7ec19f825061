// Webhook signatures: `X-Gatewatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`,
// the scheme Stripe documents, so receivers can reject forged and replayed deliveries alike.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'x-gatewatch-signature'

export function sign(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}

/** Whether `header` is a valid signature of `body` made within `toleranceSeconds` of `nowSeconds`. */
export function verify(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const match = header ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null
  if (!match) return false
  const t = Number(match[1])
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false
  const expected = Buffer.from(sign(secret, body, t).slice(-64), 'hex')
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))
}
