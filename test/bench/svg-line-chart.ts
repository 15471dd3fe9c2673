/** One line of a chart: its points, and how it is drawn. */
export interface ChartSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  color: string;
  dash?: string;
  /** Draw a dot at each point (for few points, such as one per category). */
  dots?: boolean;
  width?: number;
}

/** One panel of a figure. */
export interface ChartPanel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** A dotted vertical line with a label, such as the end of the calibration period. */
  marker?: { x: number; label: string };
  /** Labels for the x ticks at 0, 1, 2, … (for categories). */
  categories?: string[];
  xRange?: [number, number];
  yRange?: [number, number];
  /** Lines of text under the legend (figures worth reading beside the curves). */
  notes?: string[];
}

const width = 520;
const height = 340;
const margin = { left: 62, right: 16, top: 34, bottom: 46 };

function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * power;
}

function ticks(from: number, to: number, count: number): number[] {
  const step = niceStep(to - from, count);
  const values: number[] = [];
  for (let value = Math.ceil(from / step) * step; value <= to + step * 1e-9; value += step) {
    values.push(Number(value.toPrecision(12)));
  }
  return values;
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The extra height under each panel for its notes. */
const noteLine = 15;

function panelSvg(panel: ChartPanel, offsetX: number, offsetY: number): string {
  const all = panel.series.flatMap((series) => series.points);
  const [x0, x1] = panel.xRange ?? [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [y0, y1] = panel.yRange ?? [0, Math.max(...all.map((p) => p[1])) * 1.08];
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - x0) / (x1 - x0)) * plotWidth;
  const sy = (y: number) => margin.top + plotHeight - ((y - y0) / (y1 - y0)) * plotHeight;
  const parts: string[] = [`<g transform="translate(${offsetX},${offsetY})">`];
  parts.push(`<text x="${margin.left}" y="20" class="title">${xmlText(panel.title)}</text>`);
  const xTicks = panel.categories ? panel.categories.map((_, index) => index) : ticks(x0, x1, 6);
  for (const tick of ticks(y0, y1, 5)) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(tick)}" y2="${sy(tick)}" class="grid"/>`,
      `<text x="${margin.left - 6}" y="${sy(tick) + 4}" class="tick" text-anchor="end">${tick}</text>`,
    );
  }
  for (const tick of xTicks) {
    const label = panel.categories ? (panel.categories[tick] ?? '') : String(tick);
    parts.push(
      `<line x1="${sx(tick)}" x2="${sx(tick)}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 4}" class="axis"/>`,
      `<text x="${sx(tick)}" y="${margin.top + plotHeight + 17}" class="tick" text-anchor="middle">${xmlText(label)}</text>`,
    );
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" class="frame"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 8}" class="label" text-anchor="middle">${xmlText(panel.xLabel)}</text>`,
    `<text transform="translate(16,${margin.top + plotHeight / 2}) rotate(-90)" class="label" text-anchor="middle">${xmlText(panel.yLabel)}</text>`,
  );
  if (panel.marker) {
    const x = sx(panel.marker.x);
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${margin.top}" y2="${margin.top + plotHeight}" class="marker"/>`,
      `<text x="${x + 4}" y="${margin.top + plotHeight - 6}" class="note">${xmlText(panel.marker.label)}</text>`,
    );
  }
  for (const series of panel.series) {
    const path = series.points.map(
      ([x, y], index) => `${index === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`,
    );
    parts.push(
      `<path d="${path.join('')}" fill="none" stroke="${series.color}" stroke-width="${series.width ?? 2}"${
        series.dash ? ` stroke-dasharray="${series.dash}"` : ''
      }/>`,
    );
    if (series.dots) {
      for (const [x, y] of series.points) {
        parts.push(
          `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${series.color}"/>`,
        );
      }
    }
  }
  // The legend on a pale backing, so that a curve passing under it does not cross the text.
  const texts = panel.series.map((series) => `       ${series.name}`);
  const longest = Math.max(...texts.map((text) => text.length));
  parts.push(
    `<rect x="${margin.left + 4}" y="${margin.top + 3}" width="${Math.min(plotWidth - 8, longest * 6.3 + 12)}" height="${
      texts.length * 16 + 8
    }" fill="#fff" fill-opacity="0.85"/>`,
  );
  panel.series.forEach((series, index) => {
    const y = margin.top + 14 + index * 16;
    const x = margin.left + 10;
    parts.push(
      `<line x1="${x}" x2="${x + 22}" y1="${y - 4}" y2="${y - 4}" stroke="${series.color}" stroke-width="${series.width ?? 2}"${
        series.dash ? ` stroke-dasharray="${series.dash}"` : ''
      }/>`,
      `<text x="${x + 28}" y="${y}" class="legend">${xmlText(series.name)}</text>`,
    );
  });
  // Notes under the axis label, where they hide no data.
  (panel.notes ?? []).forEach((note, index) => {
    const y = height + 8 + index * noteLine;
    parts.push(`<text x="${margin.left}" y="${y}" class="note">${xmlText(note)}</text>`);
  });
  parts.push('</g>');
  return parts.join('\n');
}

/**
 * A figure of line-chart panels on a grid, as a standalone SVG document (no dependency, readable
 * in a browser and in the docs).
 *
 * @example
 * writeFileSync('docs/images/figure.svg', chartGrid('Title', [panel], 2));
 */
export function chartGrid(title: string, panels: ChartPanel[], columns: number, caption = ''): string {
  const rows = Math.ceil(panels.length / columns);
  const panelHeight = height + 6 + noteLine * Math.max(0, ...panels.map((panel) => panel.notes?.length ?? 0));
  const header = 40;
  const footer = caption ? 28 : 8;
  const totalWidth = columns * width;
  const totalHeight = header + rows * panelHeight + footer;
  const body = panels.map((panel, index) =>
    panelSvg(panel, (index % columns) * width, header + Math.floor(index / columns) * panelHeight),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" viewBox="0 0 ${totalWidth} ${totalHeight}" font-family="Helvetica, Arial, sans-serif">
<title>${escapeXml(title)}</title>
<style>
.title { font-size: 14px; font-weight: bold; fill: #222; }
.label { font-size: 12px; fill: #333; }
.tick { font-size: 11px; fill: #555; }
.legend { font-size: 12px; fill: #222; }
.note { font-size: 11px; fill: #555; }
.grid { stroke: #e5e5e5; stroke-width: 1; }
.axis { stroke: #888; stroke-width: 1; }
.frame { fill: none; stroke: #888; stroke-width: 1; }
.marker { stroke: #888; stroke-width: 1; stroke-dasharray: 2 3; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${totalWidth / 2}" y="26" text-anchor="middle" font-size="17" font-weight="bold" fill="#111">${xmlText(title)}</text>
${body.join('\n')}
${caption ? `<text x="${totalWidth / 2}" y="${totalHeight - 10}" text-anchor="middle" class="note">${xmlText(caption)}</text>` : ''}
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
