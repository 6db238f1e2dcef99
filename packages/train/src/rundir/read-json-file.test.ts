import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { count } from './json-fields.js';
import { checkJson, JsonFileError, parseJson, readJsonFile } from './read-json-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bertfit-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const schema = z.object({ step: count, kind: z.enum(['a', 'b']), tags: z.array(z.string()), nested: z.object({ rate: z.number().positive() }) });
const good = { step: 3, kind: 'a', tags: ['x'], nested: { rate: 0.5 } };

async function failure(p: Promise<unknown>): Promise<JsonFileError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JsonFileError);
  return err as JsonFileError;
}

describe('readJsonFile', () => {
  it('returns the parsed value when it fits the schema', async () => {
    await writeFile(join(dir, 'ok.json'), JSON.stringify(good));
    expect(await readJsonFile(join(dir, 'ok.json'), schema)).toEqual(good);
  });

  it('names the file, the dotted field path, what it must be and the value found', async () => {
    const path = join(dir, 'bad.json');
    const cases: [unknown, string][] = [
      [{ ...good, step: -1 }, 'field step must be a non-negative integer, got -1'],
      [{ ...good, kind: 'c' }, 'field kind must be "a" or "b", got "c"'],
      [{ ...good, tags: ['x', 7] }, 'field tags.1 must be a string, got 7'],
      [{ ...good, nested: { rate: 0 } }, 'field nested.rate must be a number > 0, got 0'],
      [{ ...good, nested: undefined }, 'field nested must be a JSON object, got nothing'],
    ];
    for (const [value, message] of cases) {
      await writeFile(path, JSON.stringify(value));
      const err = await failure(readJsonFile(path, schema));
      expect(err.message).toBe(`${path}: ${message}`);
      expect(err.source).toBe(path);
      expect(err.cause).toBeInstanceOf(z.ZodError);
    }
  });

  it('says how many more problems there are after the first', async () => {
    await writeFile(join(dir, 'two.json'), JSON.stringify({ ...good, step: 'x', kind: 'z' }));
    expect((await failure(readJsonFile(join(dir, 'two.json'), schema))).message).toMatch(/field step must be a non-negative integer, got "x" \(and 1 more problem\)$/);
  });

  it('a wrong top-level value, text that is not JSON and a missing file are errors naming the file', async () => {
    const path = join(dir, 'x.json');
    await writeFile(path, '[1,2]');
    expect((await failure(readJsonFile(path, schema))).message).toBe(`${path} must hold a JSON object, got [1,2]`);
    await writeFile(path, '{"step": 1,');
    const torn = await failure(readJsonFile(path, schema));
    expect(torn.message).toMatch(new RegExp(`^${path} is not valid JSON: `));
    expect(torn.field).toBeNull();
    const missing = await failure(readJsonFile(join(dir, 'none.json'), schema));
    expect(missing.message).toMatch(/^cannot read .*none\.json: ENOENT/);
    expect((missing.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('cuts long values in messages', () => {
    const err = (() => {
      try {
        checkJson({ ...good, tags: 'y'.repeat(500) }, schema, 'src');
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(err.message).toBe(`src: field tags must be an array, got "${'y'.repeat(76)}...`);
  });

  it('parseJson names the given source, e.g. a line of a JSON-lines file', () => {
    expect(() => parseJson('{"step":-2}', z.object({ step: count }), 'log.jsonl line 4')).toThrow('log.jsonl line 4: field step must be a non-negative integer, got -2');
    expect(parseJson('{"step":2,"extra":1}', z.object({ step: count }), 'x')).toEqual({ step: 2 });
  });
});
