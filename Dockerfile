# syntax=docker/dockerfile:1.7
# One recipe, five images: every service runs from the same shaded launcher jar
# (launcher/target/authsuite.jar), so the build stage is shared and cached once; the runtime
# stage differs only in the service it names (SERVICE) and the port it listens on (PORT).
#   docker build --build-arg SERVICE=jwt-token-adapter --build-arg PORT=8025 -t authsuite/jwt-token-adapter .
# docker-compose.yml builds all five this way; deploy/k8s uses the resulting image names.
#
# Base images are build arguments, so a machine that cannot pull them can use its own (built from Debian
# packages by deploy/containers/base-images.sh):
#   BUILD_IMAGE    a JDK 17 with Maven (mvn on PATH)
#   RUNTIME_IMAGE  a JRE 17 with /bin/sh, wget (the HEALTHCHECK) and either busybox's adduser/addgroup
#                  (alpine) or useradd/groupadd (Debian)
# Targets: `runtime` (the default, last stage) builds the jar from sources in the build stage; `prebuilt`
# takes an already-built authsuite.jar from the root of the build context instead (the smoke run and CI,
# which have just built and tested that jar on the host: deploy/containers/smoke.sh).
ARG BUILD_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.13_11-jre-alpine

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# poms first: dependency downloads stay cached until a pom changes
COPY pom.xml ./
COPY common/pom.xml common/
COPY jwt-token-adapter/pom.xml jwt-token-adapter/
COPY session-validation-normalizer/pom.xml session-validation-normalizer/
COPY fallback-session-provider/pom.xml fallback-session-provider/
COPY websocket-auth-gateway/pom.xml websocket-auth-gateway/
COPY service-boundary-coordinator/pom.xml service-boundary-coordinator/
COPY launcher/pom.xml launcher/
COPY bench/pom.xml bench/
COPY common/src common/src
COPY jwt-token-adapter/src jwt-token-adapter/src
COPY session-validation-normalizer/src session-validation-normalizer/src
COPY fallback-session-provider/src fallback-session-provider/src
COPY websocket-auth-gateway/src websocket-auth-gateway/src
COPY service-boundary-coordinator/src service-boundary-coordinator/src
COPY launcher/src launcher/src
# the coordinator's /demo/ page and the web client it loads (service-boundary-coordinator/pom.xml copies
# both into its webroot; dist/ is committed, so no npm here)
COPY clients/web/demo clients/web/demo
COPY clients/web/dist clients/web/dist
# tests need Redis and PostgreSQL and run in CI (.ci/run), not in an image build
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl launcher -am package \
 && cp launcher/target/authsuite.jar /authsuite.jar

# Everything but the jar: the user, the directories, the environment, the health check, the entrypoint.
FROM ${RUNTIME_IMAGE} AS runtime-base
ARG SERVICE
ARG PORT
# uid/gid 10001 on alpine (busybox addgroup/adduser) and on Debian (groupadd/useradd) alike
RUN test -n "$SERVICE" && test -n "$PORT" \
 && if command -v useradd >/dev/null 2>&1; then \
      groupadd -g 10001 authsuite && useradd -M -N -d /var/lib/authsuite -s /usr/sbin/nologin -u 10001 -g authsuite authsuite; \
    else \
      addgroup -S -g 10001 authsuite && adduser -S -D -H -u 10001 -G authsuite authsuite; \
    fi \
 && command -v wget >/dev/null \
 && mkdir -p /app /var/lib/authsuite/audit && chown -R authsuite:authsuite /var/lib/authsuite
WORKDIR /var/lib/authsuite
# G1, the JDK's default, on purpose (bench/RESULTS.md, "Side by side with HAProxy"): on this JRE 17 ZGC halved
# the adapter's throughput at 100k distinct tokens; generational ZGC (JDK 21+) took every pause under 0.1 ms but
# served RS256 tokens up to a tenth slower than G1. A runtime image on 21 or later that prefers pauses can
# pass JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseZGC" (-XX:+ZGenerational on 21).
ENV AUTHSUITE_SERVICE=${SERVICE} \
    AUTHSUITE_PORT=${PORT} \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE ${PORT}
# readiness, not liveness: compose's depends_on waits for a service that can serve (Redis reachable)
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${AUTHSUITE_PORT}/health/ready" || exit 1
# Runs the image's service; arguments replace it (`docker run IMAGE check-config --deep` runs the preflight
# with the container's environment). exec: the JVM replaces the shell, so SIGTERM reaches its shutdown hook.
ENTRYPOINT ["/bin/sh", "-c", "if [ $# -eq 0 ]; then set -- \"$AUTHSUITE_SERVICE\"; fi; exec java $JAVA_OPTS -jar /app/authsuite.jar \"$@\"", "authsuite"]

# The jar built (and tested) elsewhere: the build context's authsuite.jar, e.g. a directory holding only
# launcher/target/authsuite.jar (`docker build -f Dockerfile --target prebuilt <that directory>`).
FROM runtime-base AS prebuilt
COPY authsuite.jar /app/authsuite.jar

# The default: the jar from the build stage above.
FROM runtime-base AS runtime
COPY --from=build /authsuite.jar /app/authsuite.jar
