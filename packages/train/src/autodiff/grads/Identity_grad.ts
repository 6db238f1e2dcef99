import type { GradRule } from '../rule.js';
import { dy0 } from '../rule.js';

export const identityGrad: GradRule = { opType: 'Identity', grad: (ctx) => [dy0(ctx)] };
