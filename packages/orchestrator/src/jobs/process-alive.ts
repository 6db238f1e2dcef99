// The process identity (pid + /proc start time) lives in @bertfit/config, shared with train's run lock.
export { isSameProcessAlive, procStart } from '@bertfit/config';
