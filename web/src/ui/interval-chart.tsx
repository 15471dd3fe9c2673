import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * 95% intervals drawn as floating horizontal bars (Chart.js), on an axis that always shows zero:
 * an interval crossing zero is visibly "not enough evidence". The numbers sit in a table beside it.
 *
 * @example
 * <IntervalChart title="Conversion lift (points)" rows={[{ label: 'Conversion', low: -2.1, high: 9.4 }]} />
 */
export function IntervalChart({
  title,
  rows,
}: {
  title: string;
  rows: Array<{ label: string; low: number; high: number }>;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const extent = Math.max(1, ...rows.flatMap((row) => [Math.abs(row.low), Math.abs(row.high)])) * 1.1;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: rows.map((row) => row.label),
        datasets: [
          {
            label: title,
            data: rows.map((row) => [row.low, row.high] as [number, number]),
            backgroundColor: rows.map((row) =>
              row.low > 0 ? '#2e7d4f' : row.high < 0 ? '#b3261e' : '#8a96a3',
            ),
            barThickness: 18,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            min: -extent,
            max: extent,
            grid: { color: (context) => (context.tick.value === 0 ? '#1d2530' : '#e3e7ec') },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [title, rows]);
  return (
    <div className="chart interval">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
