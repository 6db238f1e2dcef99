/** A command line the parser accepted but that cannot mean anything: exit 2 and point at --help, as yargs' own failures do. */
export class UsageError extends Error {}
