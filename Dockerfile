# The room server. better-sqlite3 compiles natively, so the build stage has the toolchain.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY shared ./shared
COPY server ./server
COPY client ./client
COPY tsconfig.json vite.config.ts ./
# The web client and the compiled server are built here (Vite is a dev dependency), then dev
# dependencies are dropped.
COPY scripts/build-server.mjs ./scripts/
RUN npx vite build && node scripts/build-server.mjs && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
COPY --from=build /app /app
# The data directory is the server user's alone (a new volume copies this mode).
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
EXPOSE 3000
VOLUME ["/data"]
# Readiness, not liveness: a server that cannot write (a full disk) shows as unhealthy.
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# node itself is PID 1, running the compiled server (no wrapper process): signals reach the server's own handler (S14).
CMD ["node", "--enable-source-maps", "dist/server/main.mjs"]
