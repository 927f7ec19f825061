// The registry of output formats: adding one is a file and a line here.
import type { SimulatedRequest } from '../request.js'
import { formatNginxCombined } from './nginx-combined.js'
import { formatNginxJson } from './nginx-json.js'

export { NGINX_JSON_KEYS } from './nginx-json.js'
export { timeIso8601, timeLocal } from './time.js'

export const OUTPUT_FORMATS = ['nginx-json', 'nginx-combined'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

const formatters: Record<OutputFormat, (req: SimulatedRequest) => string> = {
  'nginx-json': formatNginxJson,
  'nginx-combined': formatNginxCombined,
}

export function isOutputFormat(name: string): name is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(name)
}

/** The line writer for a format; throws naming the known formats when it is not one. */
export function formatterFor(format: string): (req: SimulatedRequest) => string {
  if (!isOutputFormat(format))
    throw new Error(`unknown format "${format}"; expected one of ${OUTPUT_FORMATS.join(', ')}`)
  return formatters[format]
}
