export { gradients } from './gradients.js';
export type { GradientRequest } from './gradients.js';
export { GRAD_RULE_LIST } from './registry.js';
export type { GradRule, GradContext } from './rule.js';
