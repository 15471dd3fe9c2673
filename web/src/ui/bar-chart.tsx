import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * A bar chart drawn by Chart.js (only the parts a bar chart needs are registered, to keep the
 * bundle small); the table next to it carries the same numbers for screen readers.
 *
 * @example
 * <BarChart title="Customers per segment" labels={['Champions']} values={[12]} />
 */
export function BarChart({ title, labels, values }: { title: string; labels: string[]; values: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: [{ label: title, data: values, backgroundColor: '#2f6f9f' }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [title, labels, values]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
