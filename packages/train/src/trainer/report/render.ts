import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BertfitError, errorMessage, writeFileAtomic } from '@bertfit/core';
import type { CurveSpec } from './chart-specs.js';

/** vega-lite → vega → SVG text, headless (no canvas needed for the `none` renderer's toSVG). */
export async function renderSvg(spec: TopLevelSpec, name: string): Promise<string> {
  try {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (err) {
    throw new BertfitError(`report chart ${name} failed to render: ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * SVG → PNG at 2× for sharp text. resvg draws no text without fonts: it loads the system's (offline)
 * and maps vega's generic `sans-serif` to DejaVu Sans where installed, else to its first font.
 */
export function svgToPng(svg: string, name: string): Uint8Array {
  try {
    const resvg = new Resvg(svg, {
      background: 'white',
      fitTo: { mode: 'zoom', value: 2 },
      font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
    });
    return resvg.render().asPng();
  } catch (err) {
    throw new BertfitError(`report chart ${name} failed to rasterise: ${errorMessage(err)}`, { cause: err });
  }
}

export interface ChartFiles {
  name: string;
  title: string;
  svg: string;
  png: string;
}

/** Renders each chart into `dir` as `<name>.svg` and `<name>.png` (atomic writes); returns the paths. */
export async function writeCharts(dir: string, charts: readonly CurveSpec[]): Promise<ChartFiles[]> {
  await mkdir(dir, { recursive: true });
  const written: ChartFiles[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec, chart.name);
    const files = { name: chart.name, title: chart.title, svg: join(dir, `${chart.name}.svg`), png: join(dir, `${chart.name}.png`) };
    await writeFileAtomic(files.svg, svg);
    await writeFileAtomic(files.png, svgToPng(svg, chart.name));
    written.push(files);
  }
  return written;
}
