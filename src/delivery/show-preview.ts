import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreationRequest } from '../domain/creation-request.ts';
import type { JobProgress, PlanSummary } from '../domain/job-progress.ts';
import type { ChatPort } from '../ports/chat-port.ts';
import type { MediaStore } from '../ports/media-store.ts';
import type { PreviewMessages } from '../store/preview-messages.ts';
import { previewCardText, renderPreviewCard } from './preview-card.ts';

export interface PreviewDeps {
  port: ChatPort;
  mediaStore: MediaStore;
  previews: PreviewMessages;
  /** This process's DATA_DIR/work: the frame is fetched into a file here for the upload. */
  workRoot: string;
}

/**
 * Fetches the preview frame the plan step stored and has the port show it with the plan card.
 * False when the frame is gone (expired, deleted by a finished delivery): the caller edits the
 * card as usual instead.
 */
export async function showPreview(deps: PreviewDeps, request: CreationRequest, text: string, preview: NonNullable<JobProgress['preview']>, summary: PlanSummary): Promise<boolean> {
  // Request ids carry no ".", so this name is no request's work dir nor delivery dir.
  const imagePath = join(deps.workRoot, `${request.id}.preview.jpg`);
  try {
    await mkdir(deps.workRoot, { recursive: true });
    if (!(await deps.mediaStore.get(preview.key, imagePath))) return false;
    const card = renderPreviewCard(request.requester.locale, summary);
    const { messageId } = await deps.port.showPreview({ request, imagePath, text, card, caption: previewCardText(card) });
    if (messageId !== null) await deps.previews.remember(request.id, messageId);
    return true;
  } finally {
    await rm(imagePath, { force: true });
  }
}
