# syntax=docker/dockerfile:1.7
# The generator service on the JVM, Quarkus fast-jar layout on Red Hat's OpenJDK 17 runtime image. From the
# repository root:
#   docker build -f deploy/docker/generator-service.jvm.Dockerfile -t REGISTRY/ganforge/generator-service:TAG .
# Runs as uid 185 (the image's unprivileged user) and writes nothing but /tmp, where ONNX Runtime unpacks its
# native library: the Deployment mounts an emptyDir there and keeps the root filesystem read-only.

ARG JDK_IMAGE=eclipse-temurin:17-jdk-jammy
ARG RUNTIME_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl generator-service -am package -DskipTests

FROM ${RUNTIME_IMAGE}
ENV LANGUAGE='en_US:en'
# Four layers, least to most often changed, so a code change re-pushes only the last ones.
COPY --from=build --chown=185 /src/generator-service/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185 /src/generator-service/target/quarkus-app/*.jar /deployments/
COPY --from=build --chown=185 /src/generator-service/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185 /src/generator-service/target/quarkus-app/quarkus/ /deployments/quarkus/
EXPOSE 8080
USER 185
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djava.io.tmpdir=/tmp"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
# Fewer glibc malloc arenas: hot-swapped ORT sessions fragment them (docs/benchmarks.md, "Memory").
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["/opt/jboss/container/java/run/run-java.sh"]
