// Settings of the file input.
import Type, { type Static } from 'typebox'
import { ParserConfig } from '../../parsers/config.js'
import { INPUT_FORMATS } from '../../parsers/registry.js'

export const FileInputConfig = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      description: 'Access log to tail. Example: /var/log/nginx/access.json.log.',
    }),
    format: Type.Union(
      INPUT_FORMATS.map((f) => Type.Literal(f)),
      {
        description:
          'Log format of the file: a key of the parser registry, `auto` (detected from the first lines) or `custom` (input.parser.custom). See collector/README.md.',
      },
    ),
    parser: ParserConfig,
    max_line_bytes: Type.Integer({
      minimum: 256,
      maximum: 16 * 1024 * 1024,
      default: 65_536,
      description:
        'Longest line accepted, bytes; longer lines are rejected as too_long without being buffered.',
    }),
    read_chunk_bytes: Type.Integer({
      minimum: 4096,
      maximum: 64 * 1024 * 1024,
      default: 1_048_576,
      description: 'Bytes read per read() call.',
    }),
    poll_interval_ms: Type.Integer({
      minimum: 10,
      maximum: 60_000,
      default: 250,
      description: 'How often an idle file is checked for appended data, rotation and truncation, ms.',
    }),
  },
  { additionalProperties: false, description: 'The log file to read.' },
)
export type FileInputConfig = Static<typeof FileInputConfig>
