// The endpoint inventory page: filters, headline numbers, traffic over time and the table.
import type { SpecStatus } from '@gatewatch/schema'
import { useMemo, useState } from 'react'
import { useEndpoints } from '../hooks/useEndpoints.js'
import { useNow } from '../hooks/useNow.js'
import { useServices } from '../hooks/useServices.js'
import { useTraffic } from '../hooks/useTraffic.js'
import { timeSpanOf } from '../lib/inventory.js'
import { DEFAULT_SORT, ENDPOINT_LIMIT, nextSort, type SortState } from '../lib/sort.js'
import { trafficWindow, type WindowKey } from '../lib/time-window.js'
import { AppHeader } from './AppHeader.js'
import { EndpointTable } from './EndpointTable.js'
import { QueryStatus } from './QueryStatus.js'
import { ServiceFilter } from './ServiceFilter.js'
import { SpecFilter } from './SpecFilter.js'
import { SummaryStats } from './SummaryStats.js'
import { TrafficChart } from './TrafficChart.js'
import { WindowSelect } from './WindowSelect.js'

export function InventoryPage() {
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT)
  const [service, setService] = useState<string | undefined>(undefined)
  const [specStatus, setSpecStatus] = useState<SpecStatus | undefined>(undefined)
  const [windowKey, setWindowKey] = useState<WindowKey>('all')
  const now = useNow(30_000)
  const services = useServices()
  const endpoints = useEndpoints({ ...sort, service, spec_status: specStatus, limit: ENDPOINT_LIMIT })
  const list = endpoints.data
  const span = useMemo(() => (list ? timeSpanOf(list.endpoints) : null), [list])
  const range = useMemo(() => trafficWindow(windowKey, span), [windowKey, span])
  const traffic = useTraffic(range === null ? null : { ...range, service })
  const empty = list !== undefined && list.endpoints.length === 0

  return (
    <div className="app">
      <AppHeader />
      <main className="content">
        <div className="page-head">
          <div>
            <h1>Endpoints</h1>
            <p className="muted">
              Every route seen in the traffic or documented in an imported spec, templated, with its load,
              failures, latency and callers.
            </p>
          </div>
          <div className="filters">
            <ServiceFilter services={services} value={service} onChange={setService} />
            <SpecFilter value={specStatus} onChange={setSpecStatus} />
            <WindowSelect value={windowKey} onChange={setWindowKey} />
          </div>
        </div>

        <SummaryStats list={list} />

        <section className="card" aria-labelledby="traffic-title">
          <h2 id="traffic-title">Requests over time</h2>
          {traffic.data && !empty ? (
            <TrafficChart series={traffic.data} />
          ) : (
            <QueryStatus
              isPending={endpoints.isPending || (range !== null && traffic.isPending)}
              error={traffic.error ?? endpoints.error}
              isEmpty={empty}
              empty="No traffic stored yet. Point a collector at a gateway's access log to fill this chart."
            />
          )}
        </section>

        <section className="card" aria-labelledby="inventory-title">
          <div className="card-head">
            <h2 id="inventory-title">Inventory</h2>
            {endpoints.isFetching && <span className="muted small">Refreshing…</span>}
          </div>
          {list && !empty ? (
            <EndpointTable
              endpoints={list.endpoints}
              sort={sort}
              onSort={(c) => setSort((s) => nextSort(s, c))}
              now={now}
            />
          ) : (
            <QueryStatus
              isPending={endpoints.isPending}
              error={endpoints.error}
              isEmpty={empty}
              empty="No endpoints yet: they appear here as soon as the first requests are stored."
            />
          )}
        </section>
      </main>
    </div>
  )
}
