/** A small self-contained SVG line chart (metric vs step): no canvas, no dependencies, stable output. */
export interface CurvePoint {
  step: number;
  value: number;
}

export function curveSvg(points: readonly CurvePoint[], opts: { title: string; yLabel: string; target?: number | null; markStep?: number | null }): string {
  const W = 640;
  const H = 360;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const xs = points.map((p) => p.step);
  const ys = points.map((p) => p.value).concat(opts.target ?? []);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  const pad = (y1 - y0) * 0.1 || 0.05;
  const sx = (x: number): number => m.l + ((x - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const sy = (y: number): number => H - m.b - ((y - (y0 - pad)) / (y1 - y0 + 2 * pad)) * (H - m.t - m.b);
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(opts.title)}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle">step</text>`,
    `<text x="15" y="${H / 2}" text-anchor="middle" transform="rotate(-90 15 ${H / 2})">${esc(opts.yLabel)}</text>`,
  ];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const yv = y0 - pad + t * (y1 - y0 + 2 * pad);
    parts.push(`<text x="${m.l - 5}" y="${sy(yv) + 4}" text-anchor="end">${yv.toFixed(3)}</text>`);
  }
  for (const x of [...new Set(xs)]) parts.push(`<text x="${sx(x)}" y="${H - m.b + 15}" text-anchor="middle">${x}</text>`);
  if (opts.target !== null && opts.target !== undefined) {
    parts.push(`<line x1="${m.l}" y1="${sy(opts.target)}" x2="${W - m.r}" y2="${sy(opts.target)}" stroke="gray" stroke-dasharray="4 4"/>`);
  }
  if (points.length > 0) {
    parts.push(`<polyline fill="none" stroke="steelblue" stroke-width="2" points="${points.map((p) => `${sx(p.step).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ')}"/>`);
    for (const p of points) {
      const best = p.step === opts.markStep;
      parts.push(`<circle cx="${sx(p.step).toFixed(1)}" cy="${sy(p.value).toFixed(1)}" r="${best ? 6 : 3}" fill="${best ? 'orange' : 'steelblue'}"/>`);
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
