import type { Argv } from 'yargs';
import { BertfitError } from '@bertfit/config';
import { configFrom, withConfigOptions, type ConfigArgs } from '../common-options.js';

/**
 * A command whose engine has not landed yet: it still validates its config (so scripts fail early and clearly),
 * then says plainly that it is not available.
 */
export function pendingCommand(name: string, describe: string) {
  return {
    command: name,
    describe: `${describe} (not available yet)`,
    builder: (y: Argv) => withConfigOptions(y),
    handler: (args: ConfigArgs) => {
      configFrom(args);
      throw new BertfitError(`\`bertfit ${name}\` is not available yet in this version of bertfit`);
    },
  };
}
