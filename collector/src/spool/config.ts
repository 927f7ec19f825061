// Settings of the disk spool in front of the sink.
import Type, { type Static } from 'typebox'

export const SpoolConfig = Type.Object(
  {
    enable: Type.Boolean({
      default: true,
      description:
        'Spool batches to disk while the sink is down or slower than spill_after_ms, and send them in order once it is back. false: a batch the sink cannot take after max_retries stops the collector (the checkpoint stays before it, so nothing is lost either, but reading stops).',
    }),
    dir: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'Directory of the spool segment files. Default: <state_dir>/spool. Give it its own disk or quota when max_bytes is large.',
      }),
    ),
    max_bytes: Type.Integer({
      minimum: 65_536,
      maximum: 1024 ** 4,
      default: 1024 ** 3,
      description:
        'Most bytes the spool may hold on disk (default 1 GiB). When full, nothing is dropped: sending blocks, reading pauses and the data waits in the source log; the oldest spooled data is kept.',
    }),
    spill_after_ms: Type.Integer({
      minimum: 1,
      maximum: 600_000,
      default: 5000,
      description:
        'A batch the sink has not acknowledged (or has failed) within this long goes to the spool instead, so a slow or dead sink does not stop reading, ms.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'Disk spool: a bounded, durable queue of batches between the pipeline and the sink.',
  },
)
export type SpoolConfig = Static<typeof SpoolConfig>
