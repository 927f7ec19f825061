// Asks the kernel for an unused TCP port on 127.0.0.1, for processes that cannot listen on port 0
// themselves and report back (the Kafka broker's listeners must be written into its config first).
import { createServer } from 'node:net'

/** Resolves to a port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        server.close()
        reject(new Error('the kernel gave no TCP port for 127.0.0.1:0'))
        return
      }
      server.close(() => resolve(address.port))
    })
  })
}

/** Resolves true when nothing listens on 127.0.0.1:port, so a restarted broker can take its old port. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}
