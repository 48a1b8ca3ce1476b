# One image for every service of the stack; docker-compose.yml picks the entry point per service.
# The entry points are the ones `npm start` runs (stack/src/services.ts).
FROM node:20-bookworm-slim AS build
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
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080 9101
CMD ["node", "--import", "tsx", "api/src/main.ts"]
