// Settings of the redaction step.
import Type, { type Static } from 'typebox'

export const RedactConfig = Type.Object(
  {
    extra_query_params: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      default: [],
      description:
        'Query parameter names whose values are secrets, on top of the built-in list (api_key, token, access_token, password, ...). Case-insensitive. Example: [signature_v2].',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'How credentials and secret-looking values are removed.',
  },
)
export type RedactConfig = Static<typeof RedactConfig>
