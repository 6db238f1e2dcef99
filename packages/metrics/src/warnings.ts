/**
 * What sklearn reports through Python's `warnings` module, handed to an optional `onWarning`
 * callback instead (nothing is printed). `message` is sklearn 1.2.1's text, word for word.
 */
export type MetricsWarning =
  | {
      readonly kind: 'UndefinedMetricWarning';
      /** The metric that hit 0/0 and was set to 0 (zeroDivision 'warn'). */
      readonly metric: 'precision' | 'recall' | 'f-score';
      /** The labels whose value was set to 0 (for average 'micro': every label). */
      readonly labels: readonly number[];
      readonly message: string;
    }
  | { readonly kind: 'PosLabelIgnored'; readonly posLabel: number; readonly message: string };

export type WarningSink = (warning: MetricsWarning) => void;

/** sklearn's _warn_prf text; `resultSize` is how many values the metric had before averaging. */
export function undefinedMetricMessage(modifier: string, msgStart: string, resultSize: number): string {
  const where = resultSize === 1 ? 'due to' : 'in labels with';
  return `${msgStart} ill-defined and being set to 0.0 ${where} no ${modifier} samples. ` + 'Use `zero_division` parameter to control this behavior.';
}
