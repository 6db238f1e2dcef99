/**
 * The first key that appears twice in one JSON object, with its 1-based line, or null. JSON.parse
 * keeps the last value silently; in a config file that hides a typo'd override, so it is an error.
 * Expects valid JSON (comments already stripped); runs after JSON.parse succeeded.
 */
export function findDuplicateKey(json: string): { key: string; line: number; firstLine: number } | null {
  const stack: (Map<string, number> | null)[] = []; // one entry per open object ({) or array ([: null)
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '\n') line++;
    else if (c === '{') {
      stack.push(new Map());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') expectKey = stack.at(-1) instanceof Map;
    else if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      const keys = stack.at(-1);
      if (expectKey && keys instanceof Map) {
        const key = JSON.parse(json.slice(i, j + 1)) as string;
        const first = keys.get(key);
        if (first !== undefined) return { key, line, firstLine: first };
        keys.set(key, line);
        expectKey = false;
      }
      i = j;
    }
  }
  return null;
}
