// Settings of the stdin input.
import Type, { type Static } from 'typebox'
import { commonInputFields, maxBytesField } from '../config.js'

export const StdinInputConfig = Type.Object(
  {
    type: Type.Literal('stdin', {
      description:
        'Reads lines from standard input until it ends (`tail -F access.log | gatewatch-collector --input -`).',
    }),
    ...commonInputFields(),
    max_line_bytes: maxBytesField(),
  },
  {
    additionalProperties: false,
    description: 'The stdin input: one stream, read to its end, never checkpointed.',
  },
)
export type StdinInputConfig = Static<typeof StdinInputConfig>
