import type { Example } from '../example.js';
import { Rng } from '../rng.js';
import { ACTIVITIES, ENDINGS, NAMES, NEGATIVE, OPENERS, POSITIVE, TIMES, TOPICS, LABELS } from './lexicon.js';

export interface DemoOptions {
  /** Train examples; the test split gets a fifth as many. Default 3000. */
  size?: number;
  /** Default 42. */
  seed?: number;
}

export interface DemoDataset {
  train: Example[];
  test: Example[];
  labels: string[];
}

const NEU = 1;
const POS = 2;

/** Share of labels replaced by another label, so a model cannot reach 100%. */
const LABEL_NOISE = 0.1;

/**
 * A deterministic tweet-like 3-class set for the offline demo: sentiment words decide the label,
 * but negation flips it and "but" hands it to the second clause, so a bag of words is not enough;
 * a tenth of the labels are noise.
 */
export function demoDataset(opts: DemoOptions = {}): DemoDataset {
  const size = opts.size ?? 3000;
  const seed = opts.seed ?? 42;
  return {
    train: generate(size, new Rng(seed, 1)),
    test: generate(Math.max(1, Math.round(size / 5)), new Rng(seed, 2)),
    labels: [...LABELS],
  };
}

function generate(n: number, rng: Rng): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const [text, clean] = tweet(rng);
    const label = rng.next() < LABEL_NOISE ? (clean + 1 + rng.int(2)) % 3 : clean;
    out.push({ index: i, text, label });
  }
  return out;
}

/** One text and its true label. */
function tweet(rng: Rng): [string, number] {
  const target = rng.int(3);
  let body: string;
  const r = rng.next();
  if (target === NEU) {
    body =
      r < 0.5
        ? `${rng.pick(['just', 'now', 'still', 'finally'])} ${rng.pick(ACTIVITIES)} ${rng.pick(TIMES)}`
        : r < 0.8
          ? `${rng.pick(TOPICS)} is ${rng.pick(['on', 'at', 'starting', 'over'])} ${rng.pick(TIMES)}`
          : `anyone ${rng.pick(ACTIVITIES)} ${rng.pick(TIMES)}?`;
  } else {
    const words = target === POS ? POSITIVE : NEGATIVE;
    const opposite = target === POS ? NEGATIVE : POSITIVE;
    body =
      r < 0.45
        ? `${rng.pick(TOPICS)} ${rng.pick(['is', 'was', 'looks'])} ${rng.pick(['so ', 'really ', '', 'very '])}${rng.pick(words)}`
        : r < 0.65
          ? `${rng.pick(ACTIVITIES)} and feeling ${rng.pick(words)}`
          : // negation: the opposite word, negated, carries the target label
            r < 0.85
            ? `${rng.pick(TOPICS)} was not ${rng.pick(['', 'very ', 'that '])}${rng.pick(opposite)}`
            : // contrast: the clause after "but" decides
              `${rng.pick(TOPICS)} was ${rng.pick(opposite)} but ${rng.pick(TOPICS)} was ${rng.pick(words)}`;
  }
  let text = `${rng.pick(OPENERS)}${body}${rng.pick(ENDINGS)}`;
  if (rng.next() < 0.25) text = `${rng.pick(NAMES)} ${text}`;
  if (rng.next() < 0.15) text = text.replace(/o/, 'ooo');
  if (rng.next() < 0.2) text = text.toUpperCase();
  if (rng.next() < 0.1) text = `${text} http://t.co/${(rng.int(1e6) + 1e6).toString(36)}`;
  return [text, target];
}
