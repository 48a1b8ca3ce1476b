# One image for every service of the stack; docker-compose.yml picks the entry point per service. The services run
# compiled (each package's dist/, `npm run build`) with plain node: no TypeScript, tsx or other dev dependency in
# the runtime image. The entry points are the ones `npm start` runs (stack/src/services.ts, compiled).
# Node 24 LTS (security fixes until April 2028); the code also runs on Node 22 and 20.19+ (package.json engines).
ARG NODE_IMAGE=node:24-bookworm-slim

# 0. the workspaces' package manifests and the lock file: what both installs below start from
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY domain/package.json domain/
COPY runtime/package.json runtime/
COPY testkit/package.json testkit/
COPY ingest/package.json ingest/
COPY simulators/package.json simulators/
COPY api/package.json api/
COPY web/package.json web/
COPY stack/package.json stack/

# 1. build: every dependency, `npm run build` (tsc -b: src/ → dist/ per package; vite: web/dist)
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# what the runtime image takes: each service package's package.json and compiled JavaScript, the web app
RUN mkdir -p /out/web \
  && for pkg in domain runtime ingest simulators api stack; do \
       mkdir -p "/out/$pkg" && cp -r "$pkg/package.json" "$pkg/dist" "/out/$pkg/"; \
     done \
  && find /out -name '*.d.ts' -delete -o -name '*.map' -delete -o -name '.tsbuildinfo' -delete \
  && cp -r web/dist /out/web/dist

# 2. production dependencies only (npm ci --omit=dev): the workspaces' "dependencies", linked as in development
FROM manifests AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. runtime: Node, the production dependencies, the compiled services, the web app, the example configuration
FROM ${NODE_IMAGE}
# a Japanese font for the PDF reports (api/src/analytics/render/pdf.ts looks for it)
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-ipafont-gothic \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=prod-deps /app /app
COPY --from=build /out /app
COPY config /app/config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080 9101
CMD ["node", "api/dist/main.js"]
