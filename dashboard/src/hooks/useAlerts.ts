// Alerts for the current filters, and one alert's detail; the list stays on screen while new
// filters load.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type AlertFilters, alertListQuery, alertQuery } from '../api/queries.js'

export function useAlerts(filters: AlertFilters) {
  return useQuery({ ...alertListQuery(filters), placeholderData: keepPreviousData })
}

export function useAlert(id: string | null) {
  return useQuery({ ...alertQuery(id ?? ''), enabled: id !== null })
}
