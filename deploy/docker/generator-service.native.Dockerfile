# syntax=docker/dockerfile:1.7
# The generator service as a GraalVM/Mandrel native executable on Quarkus's micro base image: starts in
# milliseconds and needs no JVM. Two steps from the repository root (the first builds the executable inside
# Quarkus's Mandrel builder container, so no GraalVM is needed on the host):
#   ./mvnw -B -ntp -pl generator-service -am package -Pnative -DskipTests -Dquarkus.native.container-build=true
#   docker build -f deploy/docker/generator-service.native.Dockerfile -t REGISTRY/ganforge/generator-service:TAG-native .
# ONNX Runtime's JNI library is bundled as a resource by the `native` profile and unpacked into /tmp at start.

ARG RUNTIME_IMAGE=quay.io/quarkus/quarkus-micro-image:2.0
FROM ${RUNTIME_IMAGE}
WORKDIR /work/
# Group 0 owns it (OpenShift runs with an arbitrary uid in group 0); the Deployment runs it as 185.
RUN chown 185:0 /work && chmod g+rwX /work
COPY --chown=185:0 --chmod=0755 generator-service/target/*-runner /work/application
EXPOSE 8080
USER 185
# Fewer glibc malloc arenas: hot-swapped ORT sessions fragment them (docs/benchmarks.md, "Memory").
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["./application", "-Dquarkus.http.host=0.0.0.0", "-Djava.io.tmpdir=/tmp"]
