# syntax=docker/dockerfile:1
# wenda-bot: the production image. Build: docker build -t wenda-bot .   Run: see compose.yaml and README (Deploy).
# Node 20 as in .nvmrc and CI, Debian slim (glibc: FlexSearch, pdf.js and Redis' client run as tested).

# 1. Compile TypeScript to dist/ with every dependency (TypeScript is a dev dependency).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. Only the runtime dependencies (no tsx, TypeScript or test tools in the image).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image: node_modules, dist/ and an empty data folder, run as the unprivileged user `node`.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE ./
# A new named volume mounted on /data starts as a copy of this: a data folder the bot may write to.
RUN mkdir -p /data/sources && chown -R node:node /data
USER node
VOLUME ["/data"]
# The webhook server (WEBHOOK_URL); long polling needs no port.
EXPOSE 8080
# Webhook mode: GET /healthz must answer 200. Long polling: always healthy while the process runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 CMD ["node", "dist/healthcheck.js"]
# node itself is PID 1 (exec form): SIGTERM from `docker stop` reaches the bot, which finishes what it
# is doing and exits 0. A 64 MB young generation, as `npm start` gives it (see README: answer threads).
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
