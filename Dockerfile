# Reverie: one image for adapters and workers (ROLE=all|worker|adapter).
# Debian bookworm gives ffmpeg 5.1 with libass and xfade (the version the test suite runs on);
# fonts-noto-cjk renders Chinese subtitles; espeak-ng is the offline voice (VOICE=auto without keys).

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies include the project's pinned Node (the `node` package) for machines with an
# older one; the image already has Node 22, so production installs skip it with the tooling.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg fonts-noto-cjk espeak-ng tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY adapters ./adapters
COPY commands ./commands
COPY prompts ./prompts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# fal webhooks (WEBHOOK_PORT) and Telegram webhook mode (TELEGRAM_WEBHOOK_PORT), when enabled.
EXPOSE 8787 8443
# tini forwards SIGTERM so workers close gracefully (finish the current step, keep the operation id).
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "src/main.ts"]
