# jetflow image: `jetflow` is the entrypoint, so a pod runs `jetflow eventsource NAME ...`,
# `jetflow sensor NAME ...` or `jetflow controller` by its args alone. The bus is not in this image:
# the rendered StatefulSet runs the official nats image.
#
#   docker build -t jetflow:0.1.0 .
#   docker run --rm jetflow:0.1.0 render --crds

# ---- build: compile TypeScript, then drop the dev dependencies ----
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the `prepare` script would compile before the sources are copied in.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: compiled code, production node_modules, non-root ----
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# served by the admin server of `jetflow run` (package.json "files" ships it too)
COPY --from=build /app/src/admin/dashboard ./src/admin/dashboard
RUN ln -s /app/bin/jetflow.js /usr/local/bin/jetflow \
 && mkdir -p /work \
 && chown 1000:1000 /work
# The node image's `node` user, by number so that `runAsNonRoot` can verify it without /etc/passwd.
USER 1000:1000
# A writable working dir for the default --data-dir (./.jetflow); the rendered pods mount their inputs
# read-only under /etc/jetflow.
WORKDIR /work
ENTRYPOINT ["jetflow"]
CMD ["--help"]
