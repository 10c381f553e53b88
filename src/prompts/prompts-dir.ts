import { fileURLToPath } from 'node:url';

/** prompts/ at the repository root: templates and presets are data files, not strings in code. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));
