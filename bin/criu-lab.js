#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step): tsx registers the loader for this process.
import { register } from "tsx/esm/api";

register();
await import("../harness/cli/main.ts");
