#!/usr/bin/env node
// Entry point of `npx bertfit`: the built CLI (npm ci builds it), so no TypeScript compiler runs at start-up.
import '../dist/cli.js';
