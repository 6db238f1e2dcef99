#!/usr/bin/env node
// bertfit job runner: the one program every executor starts, and SLURM's batch script as is
// (sbatch copies it; the shebang makes it a node script). It reads a JSON spec, spawns
// spec.argv without any shell, and leaves started.json/exit.json in the job's folder so the
// orchestrator can resolve a job that its scheduler no longer knows. CommonJS and dependency-free
// because SLURM runs a copy of this file from its spool folder, outside the repository.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { spawn } = require('node:child_process');

// Exit status of a runner that found its job folder claimed by another live runner (EX_TEMPFAIL);
// src/jobs/job-claim.ts's DUPLICATE_RUNNER_EXIT is the same number.
const DUPLICATE_EXIT = 75;

// The same steps as src/atomic.ts's writeFileAtomic (CommonJS, so it cannot import it): the tmp
// file and the folder are fsynced, so started.json/exit.json are never empty after a power loss.
function writeJsonAtomic(file, value) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeJsonAtomicTo(tmp, value);
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

function writeJsonAtomicTo(file, value) {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir) {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function procStart(pid) {
  return procStat(pid)?.[19] ?? null;
}

// As src/jobs/process-alive.ts's isSameProcessAlive: a zombie or a reused pid is not the holder.
function isSameProcessAlive(pid, recordedStart) {
  const stat = procStat(pid);
  if (stat === null || stat[0] === 'Z') return false;
  return recordedStart === null || stat[19] === recordedStart;
}

/**
 * Takes the job folder for this runner, so that at most one runner ever works in it. Claims are
 * `claim-<generation>.json` files that appear whole (written to a tmp file, then link()ed, which
 * fails if the name exists); the highest generation is the current claim. Only a finished runner
 * deletes claims (its own and older ones, after exit.json is written: releaseClaims).
 * A live holder makes this runner a duplicate; a dead one (pid gone, or reused: /proc start time)
 * is superseded by the next generation, which only one runner can create.
 */
function claimJobDir(jobDir) {
  const me = { pid: process.pid, procStart: procStart(process.pid), host: os.hostname(), slurmJobId: process.env.SLURM_JOB_ID ?? null };
  for (;;) {
    let top = -1;
    for (const name of fs.readdirSync(jobDir)) {
      const m = /^claim-(\d+)\.json$/.exec(name);
      if (m && Number(m[1]) > top) top = Number(m[1]);
    }
    if (top >= 0) {
      const file = path.join(jobDir, `claim-${top}.json`);
      let holder;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        if (e.code === 'ENOENT') continue; // released by its finished runner since the listing: look again
        throw new Error(`cannot read the claim ${file}: ${e.message}`);
      }
      // Another machine's processes cannot be checked from here: its claim is taken as live.
      if (holder.host !== me.host || isSameProcessAlive(holder.pid, holder.procStart)) return { held: true, holder, file };
    }
    const tmp = path.join(jobDir, `.claim.tmp-${process.pid}`);
    writeJsonAtomicTo(tmp, { ...me, generation: top + 1, claimedAt: new Date().toISOString() });
    try {
      fs.linkSync(tmp, path.join(jobDir, `claim-${top + 1}.json`));
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      continue; // another runner took this generation first: look again
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    fsyncDir(jobDir);
    return { held: false, generation: top + 1 };
  }
}

/**
 * Removes this runner's claim and the dead ones it superseded once its exit record is on disk: a
 * finished job is known by exit.json, so its claims are clutter. A newer generation (a runner
 * started for a resubmission in the meantime) is not ours and stays. Best effort: a leftover claim
 * is only a stale one, which the next runner supersedes.
 */
function releaseClaims(jobDir, generation) {
  try {
    for (const name of fs.readdirSync(jobDir)) {
      const m = /^claim-(\d+)\.json$/.exec(name);
      if (m && Number(m[1]) <= generation) fs.rmSync(path.join(jobDir, name), { force: true });
    }
    fsyncDir(jobDir);
  } catch (e) {
    process.stderr.write(`job-runner: removing the claims of ${jobDir} failed (harmless, they are stale now): ${e.message}\n`);
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

// Test hook (documented in the README): holds this runner between its spawn and its claim until
// the named file exists (at most 2 minutes), as a slow start would, so tests can kill the
// orchestrator inside that window.
const gate = process.env.BERTFIT_JOB_RUNNER_START_GATE;
if (gate) {
  process.stdout.write(`job-runner: pid ${process.pid} waits for ${gate} before claiming ${spec.jobDir} (BERTFIT_JOB_RUNNER_START_GATE)\n`);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (const end = Date.now() + 120_000; !fs.existsSync(gate) && Date.now() < end; ) Atomics.wait(nap, 0, 0, 20);
}

fs.mkdirSync(spec.jobDir, { recursive: true });
let claim;
try {
  claim = claimJobDir(spec.jobDir);
} catch (e) {
  process.stderr.write(`job-runner: claiming ${spec.jobDir} failed: ${e.message}\n`);
  process.exit(2);
}
if (claim.held) {
  // Started twice for one job (e.g. resubmitted by an orchestrator restarted while this job's
  // first runner was starting): leave the job, its records and logs to the holder.
  const h = claim.holder;
  process.stderr.write(
    `job-runner: ${spec.jobDir} is already claimed by runner pid ${h.pid} on ${h.host} (${path.basename(claim.file)}, since ${h.claimedAt}); this duplicate (pid ${process.pid}) exits without touching the job\n`,
  );
  const slurmJobId = process.env.SLURM_JOB_ID;
  if (slurmJobId) {
    // Under SLURM a non-zero exit would mark this job FAILED although nothing failed: exit 0, and
    // leave a note (a file of its own, not one of the job's records) by which the executor follows
    // the holder's job instead of this one (src/slurm/duplicate-runner.ts).
    writeJsonAtomic(path.join(spec.jobDir, `duplicate-${slurmJobId}.json`), { holder: h, at: new Date().toISOString() });
    process.exit(0);
  }
  process.exit(DUPLICATE_EXIT);
}
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
  releaseClaims(spec.jobDir, claim.generation);
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
