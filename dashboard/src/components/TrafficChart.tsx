// Requests and errors per event-time bucket, as two overlaid areas on one time axis with ticks on round times.
import type { TrafficSeries } from '@gatewatch/schema'
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import {
  formatBucketTick,
  formatCompact,
  formatCount,
  formatDuration,
  formatTimestamp,
} from '../lib/format.js'
import { timeTicks } from '../lib/time-window.js'

const REQUESTS_COLOR = '#3d6fb6'
const ERRORS_COLOR = '#c8553d'

export function TrafficChart({ series }: { series: TrafficSeries }) {
  const bucket = series.bucket_ms
  const first = series.points[0]?.t ?? 0
  const last = series.points.at(-1)?.t ?? 0
  const ticks = timeTicks(first, last)
  return (
    <figure className="chart" data-testid="traffic-chart" data-points={series.points.length}>
      <ResponsiveContainer width="100%" height={240}>
        <AreaChart data={series.points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e6e8ec" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            ticks={ticks}
            tickFormatter={(t: number) =>
              formatBucketTick(t, ticks.length > 1 ? ticks[1]! - ticks[0]! : bucket)
            }
            minTickGap={24}
            tick={{ fill: '#6b7280', fontSize: 12 }}
            tickLine={false}
            axisLine={{ stroke: '#d1d5db' }}
          />
          <YAxis
            tickFormatter={(n: number) => formatCompact(n)}
            allowDecimals={false}
            width={44}
            tick={{ fill: '#6b7280', fontSize: 12 }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            labelFormatter={(t) => `${formatTimestamp(Number(t))} · ${formatDuration(bucket)} bucket`}
            formatter={(value, name) => [formatCount(Number(value)), name]}
            contentStyle={{ borderRadius: 8, borderColor: '#e5e7eb', fontSize: 13 }}
          />
          <Area
            type="monotone"
            dataKey="requests"
            name="Requests"
            stroke={REQUESTS_COLOR}
            strokeWidth={1.5}
            fill={REQUESTS_COLOR}
            fillOpacity={0.12}
            isAnimationActive={false}
          />
          <Area
            type="monotone"
            dataKey="errors"
            name="Errors"
            stroke={ERRORS_COLOR}
            strokeWidth={1.5}
            fill={ERRORS_COLOR}
            fillOpacity={0.18}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
      <figcaption className="legend">
        <span className="legend-item">
          <span className="swatch" style={{ background: REQUESTS_COLOR }} /> Requests
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: ERRORS_COLOR }} /> Errors (status ≥ 400)
        </span>
        <span className="muted">per {formatDuration(bucket)}, event time (UTC)</span>
      </figcaption>
    </figure>
  )
}
