import { describe, expect, it } from '@jest/globals';
import { progressBar } from './progress-bar.js';

function stream(isTTY: boolean): { s: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { s: { isTTY, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream, written };
}

describe('progressBar', () => {
  it('draws one carriage-returned line on a TTY and ends it with a newline', () => {
    const { s, written } = stream(true);
    const bar = progressBar(s, 'infer');
    bar.update(64, 128);
    bar.update(128, 128);
    bar.finish();
    expect(written[0]).toMatch(/^\rinfer \[#{15}\.{15}\] 64\/128 [\d.]+\/s$/);
    expect(written[1]).toMatch(/^\rinfer \[#{30}\] 128\/128 [\d.]+\/s$/);
    expect(written[2]).toBe('\n');
  });

  it('writes nothing when the stream is not a TTY', () => {
    const { s, written } = stream(false);
    const bar = progressBar(s);
    bar.update(1, 2);
    bar.finish();
    expect(written).toEqual([]);
  });
});
