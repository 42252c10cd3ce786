# syntax=docker/dockerfile:1.7
# One recipe, five images: every service runs from the same shaded launcher jar
# (launcher/target/authsuite.jar), so the build stage is shared and cached once; the runtime
# stage differs only in the service it names (SERVICE) and the port it listens on (PORT).
#   docker build --build-arg SERVICE=jwt-token-adapter --build-arg PORT=8025 -t authsuite/jwt-token-adapter .
# docker-compose.yml builds all five this way; deploy/k8s uses the resulting image names.

FROM maven:3.9.9-eclipse-temurin-17 AS build
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
# tests need Redis and PostgreSQL and run in CI (.ci/run), not in an image build
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl launcher -am package \
 && cp launcher/target/authsuite.jar /authsuite.jar

FROM eclipse-temurin:17.0.13_11-jre-alpine AS runtime
ARG SERVICE
ARG PORT
RUN test -n "$SERVICE" && test -n "$PORT" \
 && addgroup -S -g 10001 authsuite && adduser -S -D -H -u 10001 -G authsuite authsuite \
 && mkdir -p /app /var/lib/authsuite/audit && chown -R authsuite:authsuite /var/lib/authsuite
COPY --from=build /authsuite.jar /app/authsuite.jar
WORKDIR /var/lib/authsuite
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
