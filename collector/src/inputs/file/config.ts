// Settings of the file input.
import Type, { type Static } from 'typebox'
import { commonInputFields, maxBytesField } from '../config.js'

export const FileInputConfig = Type.Object(
  {
    type: Type.Literal('file', { description: 'Tails log files found by path or glob.' }),
    ...commonInputFields(),
    paths: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description:
        'Files to read, by path or glob (`*`, `**`, `{a,b}`); relative ones are resolved against the working directory. Include the rotated name (`access.log*`) so that a file rotated while the collector was down is still read to its end. Compressed files (.gz .bz2 .xz .zst .zip .lz4) are never read. Example: [/var/log/nginx/access.json.log*].',
    }),
    exclude: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'Globs of files not to read although `paths` matches them. Example: ["**/*.old"].',
    }),
    max_line_bytes: maxBytesField(),
    read_chunk_bytes: Type.Integer({
      minimum: 4096,
      maximum: 64 * 1024 * 1024,
      default: 1_048_576,
      description: 'Bytes read from one file before the next file gets its turn.',
    }),
    poll_interval_ms: Type.Integer({
      minimum: 10,
      maximum: 60_000,
      default: 250,
      description: 'How often idle files are checked for appended data, rotation and truncation, ms.',
    }),
    glob_interval_ms: Type.Integer({
      minimum: 10,
      maximum: 600_000,
      default: 1000,
      description: 'How often `paths` is expanded again to find new and rotated files, ms.',
    }),
    rotate_wait_ms: Type.Integer({
      minimum: 0,
      maximum: 600_000,
      default: 5000,
      description:
        'A file no longer matched by `paths` (renamed away or deleted) is still read until it has not grown for this long, then closed, ms: the gateway may write a few more lines before it reopens its log.',
    }),
  },
  { additionalProperties: false, description: 'A file input: log files by path or glob.' },
)
export type FileInputConfig = Static<typeof FileInputConfig>
