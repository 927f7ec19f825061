// An InventoryView over a fixed table of "SERVICE METHOD ROUTE" → spec status, for the inventory
// detector tests (the analyzer's inventory answers the same question from imported OpenAPI specs).
import type { InventoryView } from '../types.js'

export function specTable(
  entries: Record<string, ReturnType<InventoryView['specStatus']>>,
  otherwise: ReturnType<InventoryView['specStatus']> = 'documented',
): InventoryView {
  return { specStatus: (service, method, route) => entries[`${service} ${method} ${route}`] ?? otherwise }
}
