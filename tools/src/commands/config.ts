import type { Argv } from 'yargs';
import { configDocs } from '@bertfit/config';
import { configFrom, withConfigOptions, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';

export function configCommand(io: Output) {
  return {
    command: 'config <action>',
    describe: 'show the resolved config (print) or every field with its default and meaning (docs)',
    builder: (y: Argv) =>
      withConfigOptions(y).positional('action', { choices: ['print', 'docs'] as const, demandOption: true, describe: 'print | docs' }),
    handler: (args: ConfigArgs & { action: 'print' | 'docs' }) => {
      if (args.action === 'print') {
        io.out(JSON.stringify(configFrom(args), null, 2));
        return;
      }
      for (const d of configDocs()) {
        const choices = d.choices ? `\n    one of: ${d.choices.map((c) => JSON.stringify(c)).join(' | ')}` : '';
        io.out(`${d.path} = ${JSON.stringify(d.default)}\n    ${d.doc}${choices}`);
      }
    },
  };
}
