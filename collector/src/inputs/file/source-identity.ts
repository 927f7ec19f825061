// The identity of a log file, stable across restarts and rotation by rename: a hash of its first
// line (at most 1 KiB). Rotation moves the bytes to another name without changing them, and a
// restarted collector reads the same bytes; a device+inode pair would not survive a copy to
// another disk and inodes are reused after deletion. Vector's file source makes the same choice.
// Caveat: two files that begin with the very same line share an identity (timestamps and client
// addresses in access logs make this improbable).
import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'

export const IDENTITY_BYTES = 1024

/** Identity of the file open at `fh`, or null while it holds neither a full first line nor 1 KiB. */
export async function sourceIdentity(fh: FileHandle): Promise<string | null> {
  const buf = Buffer.allocUnsafe(IDENTITY_BYTES)
  const { bytesRead } = await fh.read(buf, 0, IDENTITY_BYTES, 0)
  const nl = buf.subarray(0, bytesRead).indexOf(10)
  const end = nl === -1 ? (bytesRead === IDENTITY_BYTES ? IDENTITY_BYTES : -1) : nl + 1
  if (end === -1) return null
  return createHash('sha256').update(buf.subarray(0, end)).digest('hex').slice(0, 32)
}
