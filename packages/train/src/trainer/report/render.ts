import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { BertfitError, errorMessage } from '@bertfit/config';

/** vega-lite → vega → SVG text, headless (no canvas needed for the `none` renderer's toSVG). */
export async function renderSvg(spec: TopLevelSpec, name: string): Promise<string> {
  try {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (err) {
    throw new BertfitError(`renderSvg: chart ${name} failed to render: ${errorMessage(err)}`, { cause: err });
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
    throw new BertfitError(`svgToPng: chart ${name} failed to rasterise: ${errorMessage(err)}`, { cause: err });
  }
}
