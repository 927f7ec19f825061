// Which alert types a registered detector can raise. The registry (detectors/registry.ts) is being
// written on another branch; until it is merged there is none, and every type is reported missing.
// It is found by path at run time so this file compiles with or without it.

interface DefinitionLike {
  name: string
  types: readonly string[]
}

function isDefinition(value: unknown): value is DefinitionLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DefinitionLike).name === 'string' &&
    Array.isArray((value as DefinitionLike).types)
  )
}

/** Definitions among a module's exports: arrays, maps or records of them, or single ones. */
export function definitionsIn(exports: Record<string, unknown>): DefinitionLike[] {
  const found: DefinitionLike[] = []
  for (const value of Object.values(exports)) {
    const items =
      value instanceof Map
        ? [...value.values()]
        : Array.isArray(value)
          ? value
          : typeof value === 'object' && value !== null
            ? [value, ...Object.values(value)]
            : []
    for (const item of items) if (isDefinition(item)) found.push(item)
  }
  return found
}

export async function registeredAlertTypes(): Promise<{
  registry: boolean
  types: Set<string>
  detectors: string[]
}> {
  const path = new URL('../../src/detectors/registry.ts', import.meta.url).href
  let exports: Record<string, unknown>
  try {
    exports = (await import(path)) as Record<string, unknown>
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND')
      return { registry: false, types: new Set(), detectors: [] }
    throw err
  }
  const definitions = definitionsIn(exports)
  return {
    registry: true,
    types: new Set(definitions.flatMap((d) => d.types)),
    detectors: [...new Set(definitions.map((d) => d.name))].sort(),
  }
}
