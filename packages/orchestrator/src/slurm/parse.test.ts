import { describe, it, expect } from '@jest/globals';
import { fromSlurmState } from '../jobs/job-state.js';
import { findJobcompRecord, parseKeyValues, parseSacct, parseScontrolJobs, parseSqueue } from './parse.js';

// Real outputs of SLURM 22.05.8 (the single-node cluster the *.slurm.test.ts suites start).
const SQUEUE_ARRAY = '7_1|7|7|1|PENDING|Resources\n7_2|7|7|2|PENDING|Resources\n7_3|7|7|3|PENDING|Resources\n7_0|8|7|0|RUNNING|None\n';
const SCONTROL_FAILED =
  'JobId=3 JobName=failjob UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901757 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:00 TimeLimit=365-00:00:00 WorkDir=/tmp/work StdErr=/tmp/work/fail-3.out';
const JOBCOMP =
  'JobId=10 UserId=root(0) GroupId=root(0) Name=arr JobState=FAILED Partition=debug TimeLimit=UNLIMITED StartTime=2026-11-26T07:38:18 EndTime=2026-11-26T07:38:23 NodeList=localhost NodeCnt=1 ProcCnt=1 WorkDir=/tmp/work ReservationName= Tres=cpu=1,mem=24105M,node=1,billing=1 Account= QOS= WcKey= Cluster=unknown SubmitTime=2026-11-26T07:38:06 EligibleTime=2026-11-26T07:38:06 ArrayJobId=7 ArrayTaskId=2 DerivedExitCode=0:0 ExitCode=7:0\n' +
  'JobId=3 UserId=root(0) GroupId=root(0) Name=fail job JobState=FAILED Partition=debug ExitCode=3:0\n';

describe('SLURM output parsers', () => {
  it('parses squeue -r rows of an array (the running task has its own job id)', () => {
    const rows = parseSqueue(SQUEUE_ARRAY);
    expect(rows[3]).toEqual({ displayId: '7_0', jobId: '8', arrayJobId: '7', taskId: '0', state: 'RUNNING', reason: 'None' });
    expect(parseSqueue('12|12|12|N/A|PENDING|Dependency\n')[0]!.taskId).toBeNull();
    expect(() => parseSqueue('7|PENDING')).toThrow('parsing squeue output line 1: expected 6 \'|\' fields, got "7|PENDING"');
  });

  it('parses scontrol -o key=value lines into states with exit codes', () => {
    const [rec] = parseScontrolJobs(SCONTROL_FAILED);
    expect(rec).toMatchObject({ JobId: '3', JobState: 'FAILED', Reason: 'NonZeroExitCode', ExitCode: '3:0', TimeLimit: '365-00:00:00' });
    expect(fromSlurmState(rec!.JobState!, { reason: rec!.Reason, exitCode: rec!.ExitCode })).toEqual({ state: 'FAILED', exitCode: 3, signal: 0, reason: 'NonZeroExitCode' });
    expect(fromSlurmState('FAILED', { reason: 'JobLaunchFailure', exitCode: '0:9' })).toEqual({ state: 'FAILED', exitCode: 0, signal: 9, reason: 'JobLaunchFailure' });
  });

  it('keeps values with spaces (job names) in key=value records and finds array tasks in the jobcomp log', () => {
    expect(parseKeyValues('JobId=3 Name=fail job JobState=FAILED').Name).toBe('fail job');
    expect(findJobcompRecord(JOBCOMP, { arrayJobId: '7', taskId: '2' })).toMatchObject({ JobId: '10', JobState: 'FAILED', ExitCode: '7:0' });
    expect(findJobcompRecord(JOBCOMP, { jobId: '3' })).toMatchObject({ Name: 'fail job' });
    expect(findJobcompRecord(JOBCOMP, { jobId: '10' })).toBeNull(); // an array task is found by its array id only
  });

  it('parses sacct -c rows, including "CANCELLED by 0"', () => {
    const rows = parseSacct('3|FAILED|3:0\n5|CANCELLED by 0|0:15\n');
    expect(rows).toEqual([
      { jobId: '3', state: 'FAILED', exitCode: '3:0' },
      { jobId: '5', state: 'CANCELLED by 0', exitCode: '0:15' },
    ]);
    expect(fromSlurmState(rows[1]!.state)).toEqual({ state: 'CANCELLED' });
    expect(() => parseSacct('garbage')).toThrow('parsing sacct output line 1: expected JobID|State|ExitCode, got "garbage"');
  });

  it('maps every SLURM state word onto the union, unknown words to UNKNOWN', () => {
    const cases: [string, string][] = [
      ['PENDING', 'PENDING'],
      ['REQUEUED', 'PENDING'],
      ['RUNNING', 'RUNNING'],
      ['COMPLETING', 'RUNNING'],
      ['COMPLETED', 'COMPLETED'],
      ['TIMEOUT', 'TIMEOUT'],
      ['DEADLINE', 'TIMEOUT'],
      ['PREEMPTED', 'PREEMPTED'],
      ['NODE_FAIL', 'NODE_FAIL'],
      ['BOOT_FAIL', 'NODE_FAIL'],
      ['OUT_OF_MEMORY', 'OUT_OF_MEMORY'],
      ['CANCELLED+', 'CANCELLED'],
    ];
    for (const [word, state] of cases) expect(fromSlurmState(word).state).toBe(state);
    expect(fromSlurmState('WEIRD')).toEqual({ state: 'UNKNOWN', detail: 'unrecognised SLURM state "WEIRD"' });
    expect(fromSlurmState('PENDING', { reason: 'Dependency' })).toEqual({ state: 'PENDING', reason: 'Dependency' });
  });
});
