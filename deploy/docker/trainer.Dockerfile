# syntax=docker/dockerfile:1.7
# The trainer CLI (`ganforge`), run in Kubernetes as `ganforge worker`. Build from the repository root:
#   CPU : docker build -f deploy/docker/trainer.Dockerfile --target cpu  -t REGISTRY/ganforge/trainer:TAG .
#   CUDA: docker build -f deploy/docker/trainer.Dockerfile --target cuda --build-arg MAVEN_PROFILES=-Pcuda \
#           -t REGISTRY/ganforge/trainer:TAG-cuda .
# MAVEN_PROFILES=-Pcuda swaps DJL's PyTorch natives for the CUDA 12.4 build (pytorch-native-cu124); the
# cuda stage supplies the matching CUDA runtime. The code is the same: DJL picks the GPU when it sees one.

ARG JDK_IMAGE=eclipse-temurin:17-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17-jre-jammy
ARG CUDA_IMAGE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04

FROM ${JDK_IMAGE} AS build
ARG MAVEN_PROFILES=""
WORKDIR /src
COPY . .
# The Maven cache survives between builds; tests ran in CI already.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp ${MAVEN_PROFILES} -pl trainer -am package -DskipTests \
 && mkdir -p /out/lib \
 && cp trainer/target/lib/*.jar /out/lib/ \
 && find trainer/target -maxdepth 1 -name 'ganforge-trainer-*.jar' ! -name '*-tests.jar' ! -name '*-sources.jar' \
      -exec cp {} /out/ganforge-trainer.jar \;

FROM ${JRE_IMAGE} AS jre

FROM ${JRE_IMAGE} AS cpu
COPY --from=build --chown=0:0 /out/ /opt/ganforge/
RUN groupadd --system --gid 10001 ganforge \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/ganforge --no-create-home ganforge \
 && install -d -o 10001 -g 10001 /var/lib/ganforge
ENV GANFORGE_HOME=/var/lib/ganforge \
    DJL_CACHE_DIR=/tmp/djl
USER 10001:10001
WORKDIR /var/lib/ganforge
# The same classpath as the ./ganforge launcher; DJL must never download an engine: the natives are in lib/.
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-cp", "/opt/ganforge/ganforge-trainer.jar:/opt/ganforge/lib/*", "dev.ganforge.trainer.cli.GanforgeCommand"]
CMD ["--help"]

FROM ${CUDA_IMAGE} AS cuda
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
COPY --from=build --chown=0:0 /out/ /opt/ganforge/
RUN groupadd --system --gid 10001 ganforge \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/ganforge --no-create-home ganforge \
 && install -d -o 10001 -g 10001 /var/lib/ganforge
ENV GANFORGE_HOME=/var/lib/ganforge \
    DJL_CACHE_DIR=/tmp/djl \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER 10001:10001
WORKDIR /var/lib/ganforge
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-cp", "/opt/ganforge/ganforge-trainer.jar:/opt/ganforge/lib/*", "dev.ganforge.trainer.cli.GanforgeCommand"]
CMD ["--help"]
