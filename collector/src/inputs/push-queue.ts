// The hand-over between a push input (HTTP, syslog, stdin) and the pipeline: a queue bounded in
// lines. The pipeline pulls when it has room for another batch, so a full queue is the signal
// that the sink is behind: the HTTP input answers 503, the syslog TCP input stops reading its
// sockets, the UDP input counts what it cannot take.
import type { InputBatch } from './types.js'

export class PushQueue {
  private readonly items: InputBatch[] = []
  private lines = 0
  private ended = false
  private wakeReader: (() => void) | null = null
  private roomWaiters: (() => void)[] = []

  /**
   * `capacity`: lines queued before offers are refused (one batch is always taken when the queue
   * is empty, however long). `mergeUpTo`: batches without a settle callback from the same source
   * are handed over together, up to this many lines (syslog messages arrive one at a time).
   */
  constructor(
    private readonly capacity: number,
    private readonly mergeUpTo: number,
  ) {}

  get full(): boolean {
    return this.lines >= this.capacity
  }

  /** Queues a batch; false when the queue is full or ended (the caller refuses or counts it). */
  offer(batch: InputBatch): boolean {
    if (this.ended) return false
    if (this.lines > 0 && this.lines + batch.lines.length > this.capacity) return false
    this.items.push(batch)
    this.lines += batch.lines.length
    this.wakeReader?.()
    return true
  }

  /** Resolves once the queue has room again (or ended). */
  room(): Promise<void> {
    if (!this.full || this.ended) return Promise.resolve()
    return new Promise((resolve) => this.roomWaiters.push(resolve))
  }

  /** No more offers; the reader gets what is queued, then the end. */
  end(): void {
    this.ended = true
    this.wakeReader?.()
    this.wakeRoom()
  }

  /** Removes what is queued and not yet taken (to answer its senders 503 on the way out). */
  takeAll(): InputBatch[] {
    const taken = this.items.splice(0)
    this.lines = 0
    this.wakeRoom()
    return taken
  }

  private wakeRoom(): void {
    for (const w of this.roomWaiters.splice(0)) w()
  }

  private take(): InputBatch {
    const first = this.items.shift()!
    if (first.settle || first.lines.length >= this.mergeUpTo) {
      this.lines -= first.lines.length
      return first
    }
    const merged: InputBatch = { source: first.source, lines: [...first.lines] }
    while (
      this.items.length > 0 &&
      !this.items[0]!.settle &&
      this.items[0]!.source.id === first.source.id &&
      merged.lines.length + this.items[0]!.lines.length <= this.mergeUpTo
    ) {
      merged.lines.push(...this.items.shift()!.lines)
    }
    this.lines -= merged.lines.length
    return merged
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<InputBatch> {
    while (true) {
      if (this.items.length > 0) {
        const batch = this.take()
        if (!this.full) this.wakeRoom()
        yield batch
        continue
      }
      if (this.ended) return
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve
      })
      this.wakeReader = null
    }
  }
}
