package dev.ganforge.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;

/** Where a container's environment and files come from: env entries, and the volumes behind mounted paths. */
record PodEnvironment(JsonNode pod, JsonNode container) {

    static PodEnvironment of(RenderedOverlay overlay, String deployment) {
        return new PodEnvironment(overlay.one("Deployment", deployment).at("/spec/template/spec"),
                overlay.container(deployment));
    }

    JsonNode env(String name) {
        return PodSecurityTest.stream(container.path("env"))
                .filter(e -> e.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no env " + name));
    }

    boolean hasEnv(String name) {
        return PodSecurityTest.stream(container.path("env")).anyMatch(e -> e.path("name").asText().equals(name));
    }

    /** The secret an env entry is read from, empty for a literal value. */
    Optional<String> envSecret(String name) {
        JsonNode ref = env(name).at("/valueFrom/secretKeyRef/name");
        return ref.isTextual() ? Optional.of(ref.asText()) : Optional.empty();
    }

    /** The volume mounted at the directory holding {@code file}. */
    JsonNode volumeHolding(String file) {
        JsonNode mount = PodSecurityTest.stream(container.path("volumeMounts"))
                .filter(m -> file.startsWith(m.path("mountPath").asText() + "/"))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("nothing mounted above " + file));
        return PodSecurityTest.stream(pod.path("volumes"))
                .filter(v -> v.path("name").asText().equals(mount.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no volume " + mount.path("name").asText()));
    }

    /** Every secret the pod reads, through env or volumes. */
    Set<String> secrets() {
        Set<String> names = new TreeSet<>();
        PodSecurityTest.stream(container.path("env"))
                .map(e -> e.at("/valueFrom/secretKeyRef/name")).filter(JsonNode::isTextual)
                .forEach(n -> names.add(n.asText()));
        PodSecurityTest.stream(pod.path("volumes"))
                .map(v -> v.at("/secret/secretName")).filter(JsonNode::isTextual)
                .forEach(n -> names.add(n.asText()));
        return names;
    }
}
