import { z } from 'zod';

/** A config leaf: its type, its default (the recipe's value) and a doc string with unit and meaning. */
export function field<T extends z.ZodType>(schema: T, defaultValue: z.output<T>, doc: string) {
  // `as never`: zod's default() wants a NoUndefined<output>; every default here is defined.
  return schema.default(defaultValue as never).describe(doc);
}

/** A config section: unknown keys are errors, and its own defaults apply when it is absent. */
export function section<T extends z.ZodRawShape>(shape: T, doc: string) {
  // `as never`: generic T hides that every key of a section has a default, so {} is a valid input.
  return z
    .strictObject(shape)
    .prefault({} as never)
    .describe(doc);
}

export const positiveInt = () => z.number().int().min(1);
export const nonNegativeInt = () => z.number().int().min(0);
