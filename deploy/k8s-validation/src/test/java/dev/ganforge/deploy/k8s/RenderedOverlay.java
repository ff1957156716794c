package dev.ganforge.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The objects one Kustomize overlay renders to, exactly as {@code kubectl kustomize} prints them: what
 * {@code kubectl apply -k} would send to the cluster.
 */
record RenderedOverlay(String name, List<JsonNode> objects) {

    static final List<String> NAMES = List.of("dev", "prod");

    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    /** Rendered once per test JVM: several test classes look at the same overlay. */
    static RenderedOverlay of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, RenderedOverlay::render);
    }

    static Path k8sDir() {
        return Path.of(System.getProperty("ganforge.k8s.dir", "../k8s"));
    }

    /** A kustomization outside the overlays (deploy/k8s/kserve), rendered once per test JVM as well. */
    static RenderedOverlay kustomization(String name) {
        return RENDERED.computeIfAbsent("/" + name, key -> render(name, k8sDir().resolve(name)));
    }

    private static RenderedOverlay render(String overlay) {
        return render(overlay, k8sDir().resolve("overlays").resolve(overlay));
    }

    private static RenderedOverlay render(String overlay, Path dir) {
        try {
            Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Path err = Files.createTempFile("kustomize-" + overlay, ".err");
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8).strip());
                }
                return new RenderedOverlay(overlay, parse(out));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kubectl (scripts/prerequisites installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + dir, e);
        }
    }

    private static List<JsonNode> parse(Path yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        return List.copyOf(objects);
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    JsonNode one(String kind, String objectName) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> objectName.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException(name + " renders no " + kind + " " + objectName));
    }

    /** The single container of a Deployment's pod template. */
    JsonNode container(String deployment) {
        JsonNode containers = one("Deployment", deployment).at("/spec/template/spec/containers");
        if (containers.size() != 1) {
            throw new IllegalStateException(deployment + " has " + containers.size() + " containers, expected 1");
        }
        return containers.get(0);
    }

    @Override
    public String toString() {
        return name;
    }
}
