package dev.ganforge.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * JSON schemas by {@code apiVersion} and {@code kind}: the Kubernetes core kinds from the schemas fabric8
 * generates from the Kubernetes Go types, and Strimzi's kinds from the CRDs Strimzi's own generator writes
 * from its api model (both prepared by the Maven build, offline; see pom.xml). All made strict.
 */
final class SchemaCatalog {

    private static final String QUANTITY = "k8s_io_apimachinery_pkg_api_resource_Quantity";
    private static final String INT_OR_STRING = "kubernetes_apimachinery_pkg_util_intstr_IntOrString";
    private static final List<String> KUBERNETES_MODULES = List.of("core", "apps", "policy", "autoscaling");

    private static SchemaCatalog instance;

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private final Map<String, JsonNode> schemas;
    /** Compiled on first use: compiling all ~300 core kinds against the shared definitions takes long. */
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private SchemaCatalog(Map<String, JsonNode> schemas) {
        this.schemas = Map.copyOf(schemas);
    }

    static synchronized SchemaCatalog load() {
        if (instance == null) {
            Map<String, JsonNode> schemas = new HashMap<>();
            kubernetes(schemas);
            strimzi(schemas);
            instance = new SchemaCatalog(schemas);
        }
        return instance;
    }

    boolean knows(JsonNode object) {
        return schemas.containsKey(key(object.path("apiVersion").asText(), object.path("kind").asText()));
    }

    /** What is wrong with the object, one line each; empty when it is valid. */
    List<String> problems(JsonNode object) {
        String key = key(object.path("apiVersion").asText(), object.path("kind").asText());
        if (!schemas.containsKey(key)) {
            return List.of("no schema for " + key);
        }
        JsonSchema schema = compiled.computeIfAbsent(key, k -> factory.getSchema(schemas.get(k)));
        return schema.validate(object).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }

    private static void kubernetes(Map<String, JsonNode> schemas) {
        Path dir = Path.of(System.getProperty("ganforge.k8s.schema.dir", "target/k8s-schemas"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode definitions = JsonNodeFactory.instance.objectNode();
        for (String module : KUBERNETES_MODULES) {
            definitions.setAll((ObjectNode) read(json, dir.resolve(module).resolve("schema/validation-schema.json"))
                    .get("definitions"));
        }
        // fabric8 describes these two as the Java classes they become; in YAML they are scalars.
        definitions.set(QUANTITY, json.createObjectNode().set("type", json.createArrayNode().add("string").add("number")));
        definitions.set(INT_OR_STRING, json.createObjectNode().set("type", json.createArrayNode().add("string").add("integer")));
        definitions.forEach(StrictSchema::close);
        for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> definition = it.next();
            JsonNode apiVersion = definition.getValue().at("/properties/apiVersion/default");
            JsonNode kind = definition.getValue().at("/properties/kind/default");
            if (apiVersion.isTextual() && kind.isTextual()) {
                ObjectNode root = json.createObjectNode();
                root.put("$ref", "#/definitions/" + definition.getKey());
                root.set("definitions", definitions);
                schemas.put(key(apiVersion.asText(), kind.asText()), root);
            }
        }
    }

    private static void strimzi(Map<String, JsonNode> schemas) {
        Path dir = Path.of(System.getProperty("ganforge.strimzi.crd.dir", "target/strimzi-crds"));
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = read(yaml, file);
                String group = crd.at("/spec/group").asText();
                String kind = crd.at("/spec/names/kind").asText();
                for (JsonNode version : crd.at("/spec/versions")) {
                    JsonNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
                    StrictSchema.close(schema);
                    schemas.put(key(group + "/" + version.path("name").asText(), kind), schema);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Strimzi CRDs missing in " + dir + " (the Maven build generates them)", e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file + " (the Maven build prepares it)", e);
        }
    }
}
