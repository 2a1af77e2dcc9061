import { Group, Text, useMantineTheme } from "@mantine/core";

export interface Series {
  label: string;
  color: string;
  values: number[];
}

/**
 * Jobs finished per minute over the last minutes, oldest first, as grouped bars. Hand-drawn SVG:
 * a charting library would triple the bundle for one chart.
 */
export function ThroughputChart({ series, height = 180 }: { series: Series[]; height?: number }) {
  const theme = useMantineTheme();
  const minutes = Math.max(0, ...series.map((s) => s.values.length));
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const width = 600;
  const pad = { left: 36, bottom: 20, top: 8 };
  const plotH = height - pad.bottom - pad.top;
  const slot = minutes ? (width - pad.left) / minutes : 0;
  const barW = series.length ? (slot * 0.8) / series.length : 0;
  const ticks = [0, Math.round(max / 2), max];
  return (
    <div>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-label="Jobs finished per minute"
        data-testid="throughput-chart"
      >
        {ticks.map((t) => {
          const y = pad.top + plotH - (t / max) * plotH;
          return (
            <g key={t}>
              <line x1={pad.left} x2={width} y1={y} y2={y} stroke="currentColor" strokeOpacity={0.15} />
              <text x={pad.left - 6} y={y + 4} fontSize={11} textAnchor="end" fill="currentColor">
                {t}
              </text>
            </g>
          );
        })}
        {series.map((s, si) =>
          s.values.map((v, i) => {
            const h = (v / max) * plotH;
            return (
              <rect
                key={`${s.label}-${i}`}
                x={pad.left + i * slot + slot * 0.1 + si * barW}
                y={pad.top + plotH - h}
                width={Math.max(barW - 1, 1)}
                height={h}
                fill={theme.colors[s.color]?.[6] ?? s.color}
              >
                <title>{`${s.label}: ${v} (${minutes - i} min ago)`}</title>
              </rect>
            );
          }),
        )}
        <text x={pad.left} y={height - 4} fontSize={11} fill="currentColor">
          {minutes} min ago
        </text>
        <text x={width} y={height - 4} fontSize={11} textAnchor="end" fill="currentColor">
          now
        </text>
      </svg>
      <Group gap="md" justify="center">
        {series.map((s) => (
          <Group key={s.label} gap={4}>
            <div style={{ width: 10, height: 10, background: theme.colors[s.color]?.[6] ?? s.color }} />
            <Text size="xs">
              {s.label} ({s.values.reduce((a, b) => a + b, 0)})
            </Text>
          </Group>
        ))}
      </Group>
    </div>
  );
}
