# One image for the three services (docker-compose.yml picks the entry point per service).
# Stage 1 builds with the dev toolchain; stage 2 carries only production dependencies and the webpack bundles.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.base.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
RUN npx nest build intake && npx nest build triage && npx nest build outcomes

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
# Overridden per service in docker-compose.yml, e.g. node dist/apps/triage/main.js
CMD ["node", "dist/apps/intake/main.js"]
