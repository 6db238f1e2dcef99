import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { findDuplicateKey } from './duplicate-keys.js';
import { errorMessage } from '@bertfit/core';

/** Removes // and /* *\/ comments outside strings, so config files may be JSONC like the README's examples. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const skipped = text.slice(i, end < 0 ? text.length : end + 2);
      out += skipped.replace(/[^\n]/g, ' '); // keep line numbers of later errors right
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return out;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Reads a JSON (or JSONC) config file; errors name the file and, for syntax errors, the line and column. */
export function loadConfigFile(file: string, cwd = process.cwd()): Record<string, unknown> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : `${code ?? String(err)}`;
    throw new ConfigError(`cannot read config file ${path}: ${why}`, { cause: err });
  }
  // Windows editors save a byte-order mark; it is not JSON, but it is not the user's mistake either.
  const json = stripJsonComments(text.replace(/^\uFEFF/, ''));
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    const m = /position (\d+)/.exec(errorMessage(err));
    const at = m ? ` at ${lineAndColumn(json, Number(m[1]))}` : '';
    throw new ConfigError(`config file ${path} is not valid JSON${at}: ${errorMessage(err)}`, { cause: err });
  }
  const duplicate = findDuplicateKey(json);
  if (duplicate !== null) {
    throw new ConfigError(
      `config file ${path} line ${duplicate.line}: key "${duplicate.key}" is given twice in the same object (first on line ${duplicate.firstLine}); JSON would silently keep the last one`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path} must hold a JSON object, found ${Array.isArray(parsed) ? 'an array' : String(parsed)}`);
  }
  return parsed as Record<string, unknown>;
}
