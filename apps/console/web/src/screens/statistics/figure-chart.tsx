import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import type { FigureTable } from './figures';
import { chartValue, isSuppressed, valueText } from './shown-value';

// Only what a bar chart needs, so the rest of Chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** High-contrast colours, one per line of a table (at most four: a breakdown's measures). */
const COLOURS = ['#1d3d6e', '#00703c', '#b10e1e', '#6f3c97'];

/**
 * A bar chart of one table. Suppressed and missing figures have no bar (never a guessed height); the canvas is an
 * image whose label says what it shows, and the table beside it holds every figure in words.
 */
export function FigureChart({ table }: { table: FigureTable }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: table.categories.map((category) => category.label),
        datasets: table.series.map((series, index) => ({
          label: series.label,
          data: series.values.map(chartValue),
          backgroundColor: COLOURS[index % COLOURS.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: {
          legend: { display: table.series.length > 1 },
          tooltip: {
            callbacks: {
              label: (item) => {
                const series = table.series[item.datasetIndex];
                return `${series.label}: ${valueText(series.values[item.dataIndex] ?? null, series.unit)}`;
              },
            },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [table]);

  const suppressed = table.series.some((series) => series.values.some(isSuppressed));
  return (
    <figure className="chart">
      <div className="chart__canvas">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Bar chart of ${table.title.toLowerCase()}: the same figures are in the table below.`}
        />
      </div>
      {suppressed && <figcaption className="hint">No bar is drawn where a count is fewer than 5.</figcaption>}
    </figure>
  );
}
