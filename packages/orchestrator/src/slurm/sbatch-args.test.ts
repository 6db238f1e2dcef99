import { describe, it, expect } from '@jest/globals';
import { buildSbatchArgs, parseSbatchOutput, slurmJobName } from './sbatch-args.js';
import { isTransientSlurmError } from './slurm-client.js';

const CFG = { partition: 'gpu', time: '2:00:00', cpusPerTask: 4, mem: '16G', gres: 'gpu:1', gpusPerTask: 2, account: 'proj', extraArgs: ['--qos=high', '--comment=a b'] };
const REQ = {
  name: 'trial $(x)\n"q"',
  cwd: '/w',
  logFile: '/w/j/slurm-%j.out',
  resources: undefined,
  array: null,
  dependency: null,
  script: ['/r/job-runner.cjs', '/w/j/spec.json'],
};
// What every sbatch call of REQ starts with, whatever the resources.
const LEAD = ['--parsable', '--job-name=trial___x___q_', '--chdir=/w', '--output=/w/j/slurm-%j.out', '--error=/w/j/slurm-%j.out', '--export=ALL', '--no-requeue'];

describe('sbatch arguments', () => {
  it('builds one argument per option, config resources first, per-job resources winning, extra args before the script', () => {
    expect(buildSbatchArgs({ ...REQ, resources: { time: '0:05:00' }, array: { size: 4, throttle: 2 }, dependency: { type: 'afterok', ids: ['11', '12_3'] } }, CFG)).toEqual([
      ...LEAD,
      '--partition=gpu',
      '--account=proj',
      '--time=0:05:00',
      '--cpus-per-task=4',
      '--mem=16G',
      '--gres=gpu:1',
      '--gpus-per-task=2',
      '--array=0-3%2',
      '--dependency=afterok:11:12_3',
      '--qos=high',
      '--comment=a b',
      '/r/job-runner.cjs',
      '/w/j/spec.json',
    ]);
  });

  it("passes GPU requests: gpusPerTask as --gpus-per-task, gres as it is, a job's own request winning", () => {
    const gpuOnly = { partition: 'gpu', time: null, cpusPerTask: null, mem: null, gres: null, gpusPerTask: 4, account: null, extraArgs: [] };
    const tail = (args: string[]) => args.slice(LEAD.length, -2);
    expect(tail(buildSbatchArgs(REQ, gpuOnly))).toEqual(['--partition=gpu', '--gpus-per-task=4']);
    expect(tail(buildSbatchArgs({ ...REQ, resources: { gpusPerTask: 1, gres: 'gpu:a100:1' } }, gpuOnly))).toEqual(['--partition=gpu', '--gres=gpu:a100:1', '--gpus-per-task=1']);
    expect(tail(buildSbatchArgs(REQ, { ...gpuOnly, gpusPerTask: null, gres: 'gpu:2' }))).toEqual(['--partition=gpu', '--gres=gpu:2']);
  });

  it('omits unset options and rejects what SLURM would misread', () => {
    const none = { partition: null, time: null, cpusPerTask: null, mem: null, gres: null, gpusPerTask: null, account: null, extraArgs: [] };
    expect(buildSbatchArgs(REQ, none)).toEqual([...LEAD, '/r/job-runner.cjs', '/w/j/spec.json']);
    expect(() => buildSbatchArgs({ ...REQ, logFile: '/w/100%/x-%j.out' }, none)).toThrow(
      `sbatch: log path "/w/100%/x-%j.out" contains '%', which SLURM would expand; use a folder without '%'`,
    );
    expect(() => buildSbatchArgs({ ...REQ, cwd: '/a\nb' }, none)).toThrow('sbatch: cwd must not contain a newline, got "/a\\nb"');
    expect(() => buildSbatchArgs({ ...REQ, array: { size: 0, throttle: null } }, none)).toThrow('sbatch: an array needs at least one task, got 0');
  });

  it('parses --parsable output and sanitises job names', () => {
    expect(parseSbatchOutput('42\n')).toBe('42');
    expect(parseSbatchOutput('42;cluster\n')).toBe('42');
    expect(() => parseSbatchOutput('Submitted batch job 42')).toThrow('sbatch --parsable printed "Submitted batch job 42", expected a job id');
    expect(slurmJobName('')).toBe('bertfit');
  });

  it('classifies controller outages as transient, rejections as not', () => {
    expect(isTransientSlurmError('slurm_load_jobs error: Unable to contact slurm controller (connect failure)')).toBe(true);
    expect(isTransientSlurmError('sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)')).toBe(true);
    expect(isTransientSlurmError('sbatch: error: Batch job submission failed: Invalid partition name specified')).toBe(false);
    expect(isTransientSlurmError('slurm_load_jobs error: Invalid job id specified')).toBe(false);
  });
});
