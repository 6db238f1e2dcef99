// Paths of the test fixtures copied into the repo (so unit tests run on a fresh clone).
import { fileURLToPath } from 'node:url';

export const parityDir = fileURLToPath(new URL('./fixtures/bert-parity/', import.meta.url));
export const parityFile = (name: string): string => `${parityDir}${name}`;
