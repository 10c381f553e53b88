import type { Config } from '../config/config-schema.ts';
import { createOfflinePlanner } from '../planner/offline-planner.ts';
import type { Planner } from '../ports/planner.ts';

/**
 * PLANNER=auto picks the first planner whose credentials are set, else the offline one.
 * LLM planners arrive with the "real models" work; until then every choice resolves offline.
 */
export function selectPlanner(config: Config): { planner: Planner; fallback: Planner } {
  const offline = createOfflinePlanner();
  return { planner: offline, fallback: offline };
}
