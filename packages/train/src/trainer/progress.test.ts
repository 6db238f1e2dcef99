import { describe, it, expect } from '@jest/globals';
import { etaSeconds, formatBar, formatDuration, formatPlainLine, ProgressReporter, type ProgressSnapshot } from './progress.js';

const snap = (over: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  step: 50,
  totalSteps: 100,
  epoch: 0.5,
  loss: 0.69308,
  lr: 2e-5,
  samplesPerSecond: 53.25,
  elapsedS: 10,
  ...over,
});

describe('formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(59.6)).toBe('01:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--:--');
    expect(formatDuration(-1)).toBe('--:--');
  });

  it("computes the ETA from this process's own speed (a resumed run starts at its resumed step)", () => {
    expect(etaSeconds(snap())).toBe(10);
    expect(etaSeconds(snap({ startStep: 40 }))).toBe(50);
    expect(etaSeconds(snap({ step: 0 }))).toBe(Number.POSITIVE_INFINITY);
  });

  it('draws the bar', () => {
    expect(formatBar(snap(), 10)).toBe('[#####-----]  50/100  50% | epoch 0.50 | loss 0.6931 | lr 2.00e-5 | 53.3 samples/s | 00:10<00:10');
    expect(formatBar(snap({ step: 0, loss: null, elapsedS: 0 }), 4)).toBe('[----]   0/100   0% | epoch 0.50 | loss - | lr 2.00e-5 | 53.3 samples/s | 00:00<--:--');
    expect(formatBar(snap({ step: 100 }), 4)).toContain('[####] 100/100 100%');
  });

  it('writes plain lines', () => {
    expect(formatPlainLine(snap({ step: 1 }))).toBe('step 1/100 (1.0%) | epoch 0.50 | loss 0.6931 | lr 2.00e-5 | 53.3 samples/s | elapsed 00:10 | eta 16:30');
  });
});

/** A stream that records what was written. */
function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (t: string) => chunks.push(t) } };
}

describe('ProgressReporter', () => {
  it('on a TTY redraws in place, throttled, and keeps the bar under logged lines', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const r = new ProgressReporter({ stream, redrawMs: 100, now: () => t });
    r.update(snap({ step: 1 }));
    t = 50;
    r.update(snap({ step: 2 }));
    t = 200;
    r.update(snap({ step: 3 }));
    r.log('eval step 3: f1_macro 0.7');
    r.finish();
    expect(chunks).toHaveLength(4);
    // biome-ignore-start lint/suspicious/noControlCharactersInRegex: the bar's carriage return and ANSI erase are what is tested
    expect(chunks[0]).toMatch(/^\r\[.*\] {3}1\/100 .*\x1b\[K$/);
    expect(chunks[1]).toMatch(/^\r\[.*\] {3}3\/100 /);
    expect(chunks[2]).toMatch(/^\r\x1b\[Keval step 3: f1_macro 0.7\n\[.*\] {3}3\/100 /);
    // biome-ignore-end lint/suspicious/noControlCharactersInRegex: -
    expect(chunks[3]).toBe('\n');
  });

  it('without a TTY prints plain lines at most every plainEveryMs, plus the first and last step', () => {
    const { chunks, stream } = sink(false);
    let t = 0;
    const r = new ProgressReporter({ stream, plainEveryMs: 1000, now: () => t });
    for (let step = 1; step <= 100; step++) {
      t = step * 25;
      r.update(snap({ step }));
    }
    r.log('done');
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks.map((c) => c.split(' ')[1])).toEqual(['1/100', '41/100', '81/100', '100/100', undefined]);
    expect(chunks.at(-1)).toBe('done\n');
  });
});
