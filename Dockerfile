# syntax=docker/dockerfile:1
# One image for the four services of the distributed profile (and the embedded profile).
# The command picks the program:  node dist/apps/<gateway|identity|catalog|ledger|embedded>/src/main.js
#   docker build -t credit-bank:local .
#   docker run --rm credit-bank:local dist/apps/gateway/src/main.js      (ENTRYPOINT is tini + node)
ARG NODE_VERSION=24

# --- deps: every dependency, with the native builds (better-sqlite3, argon2) -----------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build: TypeScript → dist/, then drop the dev dependencies (native builds are kept) -------
FROM deps AS build
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies and dist/ only, non-root, tini as PID 1 -----------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/credit-bank \
 && chown node:node /var/lib/credit-bank
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/credit-bank
WORKDIR /app
# Files stay owned by root: the service user can read them, not change them.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
VOLUME ["/var/lib/credit-bank"]
# tini forwards SIGTERM to node (which then closes its servers and consumers) and reaps zombies.
ENTRYPOINT ["/usr/bin/tini", "--", "node"]
# Default: the embedded profile (one process, SQLite under DATA_DIR). The distributed services
# are chosen by the command, e.g. `dist/apps/ledger/src/main.js`.
CMD ["dist/apps/embedded/src/main.js"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
