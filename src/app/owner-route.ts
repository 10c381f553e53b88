import { secretValues } from '../config/load-config.ts';
import { ownerListener } from '../http/owner-app.ts';
import type { MountedRoute } from '../http/ops-server.ts';
import type { Logger } from '../log/logger.ts';
import { maskSecrets } from '../log/mask-secrets.ts';
import type { Reverie } from './create-reverie.ts';

/** The owner's page mounted at /admin on HTTP_PORT, or nothing (and how to turn it on) without ADMIN_TOKEN. */
export function ownerRoute(reverie: Reverie, logger: Logger): MountedRoute[] {
  const { config, context } = reverie;
  if (!config.ADMIN_TOKEN) {
    logger.info({ hint: 'set ADMIN_TOKEN (16+ characters) to serve the owner page at /admin on HTTP_PORT' }, 'owner-page-off');
    return [];
  }
  logger.info({ path: '/admin', viewerLogin: config.VIEWER_TOKEN !== undefined }, 'owner-page-on');
  return [
    {
      prefix: '/admin',
      listener: ownerListener({
        tokens: { adminToken: config.ADMIN_TOKEN, viewerToken: config.VIEWER_TOKEN },
        sources: { records: context.records, limits: context.budget, now: context.now },
        queues: reverie.queues,
        queueNames: reverie.queueNames,
        recentErrors: () => reverie.metrics.recentErrors.list(),
        mask: maskSecrets(secretValues(config)),
      }),
    },
  ];
}
