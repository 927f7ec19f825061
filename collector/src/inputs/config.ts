// Settings every input shares: its name, the log format of its lines and the out-of-order
// tolerance. Each input's own config.ts adds its fields to these.
import Type from 'typebox'
import { ParserConfig } from '../parsers/config.js'
import { INPUT_FORMATS } from '../parsers/registry.js'

/** The log format of an input's lines: a key of the parser registry, `auto` or `custom`. */
export const InputFormat = Type.Union(
  INPUT_FORMATS.map((f) => Type.Literal(f)),
  {
    description:
      'Log format of the lines: a key of the parser registry, `auto` (detected per source from its first lines) or `custom` (parser.custom); parsed by a parser per source. See collector/README.md.',
  },
)

export function commonInputFields() {
  return {
    name: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9._-]+$',
      description:
        'Name of the input in metrics, logs and (push inputs) event_ids: keep it stable. Default: the type, or type-N when several inputs share a type.',
    }),
    format: InputFormat,
    parser: ParserConfig,
    out_of_order_tolerance_ms: Type.Integer({
      minimum: 0,
      maximum: 86_400_000,
      default: 10_000,
      description:
        'Event time may go back this much within a source before a line counts as out_of_order (it is still shipped), ms. Gateways that log the request start at its end reorder by up to the request duration.',
    }),
  }
}

/** The size limit of one line (or record, or message), bytes. */
export function maxBytesField(
  what = 'Longest line accepted, bytes; longer lines are rejected as too_long without being buffered.',
) {
  return Type.Integer({ minimum: 256, maximum: 16 * 1024 * 1024, default: 65_536, description: what })
}
