/**
 * The parts of the resolved run config the orchestrator reads: names for the sections of
 * @bertfit/config's ResolvedConfig (its schema, README "Configuration"), so there is one definition.
 */
import type { ResolvedConfig } from '@bertfit/config';

export type RunConfigLike = ResolvedConfig;
export type OrchestratorConfig = ResolvedConfig['orchestrator'];
export type AutoConfig = OrchestratorConfig['auto'];
export type SweepConfig = OrchestratorConfig['sweep'];
/** A continuous range for random search: uniform, or log-uniform when `log` (e.g. learning rates). */
export type SearchRange = Exclude<SweepConfig['grid'][string], readonly unknown[]>;
