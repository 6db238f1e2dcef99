import type { Argv } from 'yargs';
import { configDocs } from '@bertfit/config';
import { configFrom, withConfigOptions, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';

export function configCommand(io: Output) {
  return {
    command: 'config <action>',
    describe: 'show the resolved config (print) or every field with its default and meaning (docs)',
    builder: (y: Argv) =>
      withConfigOptions(y)
        .positional('action', { choices: ['print', 'docs'] as const, demandOption: true, describe: 'print | docs' })
        // A flag, not always: `config print` stays pure JSON that scripts parse.
        .option('capabilities', { type: 'boolean', default: false, describe: 'print: also show what this machine can run (as `bertfit doctor`)' }),
    handler: async (args: ConfigArgs & { action: 'print' | 'docs'; capabilities: boolean }) => {
      if (args.action === 'print') {
        io.out(JSON.stringify(configFrom(args), null, 2));
        if (args.capabilities) {
          // Imported here: the capability probe loads onnxruntime-node, which plain `config print` never needs.
          const { capabilities, formatCapabilities } = await import('@bertfit/train');
          io.out(['', '# capabilities', ...formatCapabilities(capabilities())].join('\n'));
        }
        return;
      }
      for (const d of configDocs()) {
        const choices = d.choices ? `\n    one of: ${d.choices.map((c) => JSON.stringify(c)).join(' | ')}` : '';
        io.out(`${d.path} = ${JSON.stringify(d.default)}\n    ${d.doc}${choices}`);
      }
    },
  };
}
