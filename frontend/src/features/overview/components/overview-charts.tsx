import { Bar, BarChart, CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { type ChartConfig, ChartContainer, ChartLegend, ChartLegendContent, ChartTooltip, ChartTooltipContent } from '@/components/ui/chart';
import { formatCost, formatCount, formatSeconds } from '@/lib/format';
import type { DayRow, LatencyRow, ModelRow } from '../lib/overview-stats';

const CHART_CLASS = 'aspect-auto h-56 w-full';
const shortDate = (date: string) => date.slice(5);

export function PerDayBarChart({ rows, metric }: { rows: DayRow[]; metric: 'traces' | 'cost' }) {
  const config: ChartConfig = { [metric]: { label: metric === 'traces' ? 'Traces' : 'Cost', color: metric === 'traces' ? 'var(--chart-2)' : 'var(--chart-1)' } };
  const format = metric === 'cost' ? formatCost : (value: number) => formatCount(value);
  return (
    <ChartContainer config={config} className={CHART_CLASS}>
      <BarChart data={rows} margin={{ left: 4, right: 8, top: 8 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="date" tickFormatter={shortDate} tickLine={false} axisLine={false} minTickGap={16} />
        <YAxis tickFormatter={(value: number) => (metric === 'cost' ? formatCost(value) : formatCount(value, { compact: true }))} tickLine={false} axisLine={false} width={64} allowDecimals={metric === 'cost'} />
        <ChartTooltip content={<ChartTooltipContent formatter={(value) => format(Number(value))} />} />
        <Bar dataKey={metric} fill={`var(--color-${metric})`} radius={3} isAnimationActive={false} />
      </BarChart>
    </ChartContainer>
  );
}

export function TokensByModelChart({ rows }: { rows: ModelRow[] }) {
  const config: ChartConfig = { inputTokens: { label: 'Input tokens', color: 'var(--chart-3)' }, outputTokens: { label: 'Output tokens', color: 'var(--chart-4)' } };
  return (
    <ChartContainer config={config} className={CHART_CLASS}>
      <BarChart data={rows} layout="vertical" margin={{ left: 4, right: 16 }}>
        <CartesianGrid horizontal={false} />
        <XAxis type="number" tickFormatter={(value: number) => formatCount(value, { compact: true })} tickLine={false} axisLine={false} />
        <YAxis type="category" dataKey="model" tickLine={false} axisLine={false} width={110} />
        <ChartTooltip content={<ChartTooltipContent formatter={(value) => formatCount(Number(value))} />} />
        <ChartLegend content={<ChartLegendContent />} />
        <Bar dataKey="inputTokens" stackId="tokens" fill="var(--color-inputTokens)" isAnimationActive={false} />
        <Bar dataKey="outputTokens" stackId="tokens" fill="var(--color-outputTokens)" radius={[0, 3, 3, 0]} isAnimationActive={false} />
      </BarChart>
    </ChartContainer>
  );
}

export function CostByModelChart({ rows }: { rows: ModelRow[] }) {
  const config: ChartConfig = { cost: { label: 'Cost', color: 'var(--chart-1)' } };
  return (
    <ChartContainer config={config} className={CHART_CLASS}>
      <BarChart data={rows} layout="vertical" margin={{ left: 4, right: 16 }}>
        <CartesianGrid horizontal={false} />
        <XAxis type="number" tickFormatter={(value: number) => formatCost(value)} tickLine={false} axisLine={false} />
        <YAxis type="category" dataKey="model" tickLine={false} axisLine={false} width={110} />
        <ChartTooltip content={<ChartTooltipContent formatter={(value) => formatCost(Number(value))} />} />
        <Bar dataKey="cost" fill="var(--color-cost)" radius={[0, 3, 3, 0]} isAnimationActive={false} />
      </BarChart>
    </ChartContainer>
  );
}

export function LatencyChart({ rows }: { rows: LatencyRow[] }) {
  const config: ChartConfig = {
    p50: { label: 'p50', color: 'var(--chart-2)' },
    p95: { label: 'p95', color: 'var(--chart-4)' },
    p99: { label: 'p99', color: 'var(--chart-1)' },
  };
  return (
    <ChartContainer config={config} className={CHART_CLASS}>
      <LineChart data={rows} margin={{ left: 4, right: 16, top: 8 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="date" tickFormatter={shortDate} tickLine={false} axisLine={false} minTickGap={16} />
        <YAxis tickFormatter={(value: number) => formatSeconds(value)} tickLine={false} axisLine={false} width={64} />
        <ChartTooltip content={<ChartTooltipContent formatter={(value) => (typeof value === 'number' ? formatSeconds(value) : '–')} />} />
        <ChartLegend content={<ChartLegendContent />} />
        {(['p50', 'p95', 'p99'] as const).map((key) => (
          <Line key={key} dataKey={key} stroke={`var(--color-${key})`} strokeWidth={2} dot={rows.length < 40} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartContainer>
  );
}
