# syntax=docker/dockerfile:1
# prodrisk GitHub App image: build with the dev toolchain, run with production dependencies only, as a
# non-root user. Configure with APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET; see docs/github-app.md.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY rules ./rules
# The same build as a checkout's (`tsc` to dist/, then scripts/postbuild.mjs writes dist/cli.js).
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Probot's setup flow reads the manifest from the working directory.
COPY app.yml ./
# The image's `node` user (uid 1000): nothing in /app is writable by it.
USER node
EXPOSE 3000
# Asks the address the server listens on: HOST when it names one, else loopback. No curl in the slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const h=process.env.HOST;const host=!h||h==='0.0.0.0'||h==='::'?'127.0.0.1':h.includes(':')?'['+h+']':h;fetch('http://'+host+':'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/github/main.js"]
