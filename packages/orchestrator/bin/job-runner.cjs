#!/usr/bin/env node
// bertfit job runner: the one program every executor starts, and SLURM's batch script as is
// (sbatch copies it; the shebang makes it a node script). It reads a JSON spec, spawns
// spec.argv without any shell, and leaves started.json/exit.json in the job's folder so the
// orchestrator can resolve a job that its scheduler no longer knows. CommonJS and dependency-free
// because SLURM runs a copy of this file from its spool folder, outside the repository.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

// The same steps as src/atomic.ts's writeFileAtomic (CommonJS, so it cannot import it): the tmp
// file and the folder are fsynced, so started.json/exit.json are never empty after a power loss.
function writeJsonAtomic(file, value) {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

function procStart(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const specPath = process.argv[2];
if (!specPath) {
  process.stderr.write('job-runner: usage: job-runner.cjs <spec.json>\n');
  process.exit(2);
}
const doc = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const taskId = process.env.SLURM_ARRAY_TASK_ID;
const spec = Array.isArray(doc.tasks) ? doc.tasks[Number(taskId ?? 0)] : doc;
if (!spec || !Array.isArray(spec.argv) || spec.argv.length === 0) {
  process.stderr.write(`job-runner: ${specPath} has no task ${taskId ?? 0} with a non-empty argv\n`);
  process.exit(2);
}

fs.mkdirSync(spec.jobDir, { recursive: true });
writeJsonAtomic(path.join(spec.jobDir, 'started.json'), {
  pid: process.pid,
  procStart: procStart(process.pid),
  slurmJobId: process.env.SLURM_JOB_ID ?? null,
  startedAt: new Date().toISOString(),
});

const out = fs.openSync(path.join(spec.jobDir, 'stdout.log'), 'a');
const err = fs.openSync(path.join(spec.jobDir, 'stderr.log'), 'a');
const child = spawn(spec.argv[0], spec.argv.slice(1), {
  cwd: spec.cwd,
  env: { ...process.env, ...(spec.env ?? {}) },
  stdio: ['ignore', out, err],
  shell: false,
});

let finished = false;
function finish(record, then) {
  if (finished) return;
  finished = true;
  writeJsonAtomic(path.join(spec.jobDir, 'exit.json'), { ...record, finishedAt: new Date().toISOString() });
  then();
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}

child.on('error', (e) => {
  finish({ exitCode: 127, signal: null, error: `cannot start ${spec.argv[0]}: ${e.message}` }, () => process.exit(127));
});
child.on('exit', (code, signal) => {
  finish({ exitCode: code, signal, error: null }, () => {
    if (signal) {
      // Die of the same signal so the scheduler records what really happened.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
});
