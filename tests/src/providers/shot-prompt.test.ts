import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from '../../../src/prompts/prompts-dir.ts';
import { buildShotPrompt, loadModelConventions } from '../../../src/providers/shot-prompt.ts';
import { samplePlan } from '../../fixtures/make-media.ts';

/**
 * One protagonist across shots, in words: every shot's prompt, in every model's conventions,
 * carries the plan's protagonist description — with a start picture (avatar or the shot before's
 * last frame) or without one.
 */

const DESCRIPTION = 'a woman in a red scarf with short silver hair';
/** Every conventions file that writes shot prompts (fal.txt and local.txt only brief the director). */
const MODELS = readdirSync(join(PROMPTS_DIR, 'models'))
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length))
  .filter((name) => loadModelConventions(name).templates.scene !== undefined);

const plan = samplePlan({
  protagonist: { useAvatar: false, description: DESCRIPTION },
  shots: [{ action: 'She opens a window onto snow' }, { action: 'She lights a lantern' }, { action: 'She waves at the camera' }],
});

describe('shot prompts', () => {
  it('covers the models that write prompts', () => {
    expect(MODELS).toEqual(expect.arrayContaining(['omni', 'veo', 'runway', 'fal-kling', 'fal-seedance']));
  });

  it.each(MODELS)('%s: the protagonist is described in every shot, with or without a start picture', (name) => {
    const conventions = loadModelConventions(name);
    for (const imageAttached of [false, true]) {
      const prompts = plan.shots.map((_, index) => buildShotPrompt(plan, index, conventions, { imageAttached }));
      for (const prompt of prompts) expect(prompt).toContain(DESCRIPTION);
      // Each is the prompt of its own shot, not one prompt repeated.
      expect(new Set(prompts).size).toBe(plan.shots.length);
    }
  });
});
