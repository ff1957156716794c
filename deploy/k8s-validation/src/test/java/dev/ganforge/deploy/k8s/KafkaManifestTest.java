package dev.ganforge.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ganforge.shared.contract.TopicSpec;
import dev.ganforge.shared.contract.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class KafkaManifestTest {

    private static final List<String> OVERLAYS = RenderedOverlay.NAMES;
    private static final String SERVICE = "ganforge-generator-service";
    private static final String TRAINER = "ganforge-trainer";

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kraftClusterWithNodePoolsAndNoZooKeeper(String overlay) {
        JsonNode kafka = kafka(overlay);
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText());
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1kraft").asText());
        assertTrue(kafka.at("/spec/zookeeper").isMissingNode());
        assertEquals("simple", kafka.at("/spec/kafka/authorization/type").asText());
        assertFalse(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true));
        for (JsonNode pool : RenderedOverlay.of(overlay).all("KafkaNodePool")) {
            assertEquals(kafka.at("/metadata/name").asText(), pool.at("/metadata/labels/strimzi.io~1cluster").asText());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void brokersAcceptAndReplicateTheLargestModelRecord(String overlay) {
        JsonNode config = kafka(overlay).at("/spec/kafka/config");
        assertEquals(Topics.MAX_MODEL_RECORD_BYTES, config.path("message.max.bytes").asInt());
        assertTrue(config.path("replica.fetch.max.bytes").asInt() >= Topics.MAX_MODEL_RECORD_BYTES);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void topicsCarryTheSettingsOfTheSharedContract(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        String cluster = kafka(overlay).at("/metadata/name").asText();
        assertEquals(Topics.specs().size(), rendered.all("KafkaTopic").size());
        for (TopicSpec spec : Topics.specs()) {
            JsonNode topic = topic(rendered, spec.name());
            assertEquals(cluster, topic.at("/metadata/labels/strimzi.io~1cluster").asText());
            assertEquals(spec.partitions(), topic.at("/spec/partitions").asInt(), spec.name());
            spec.configs().forEach((key, value) ->
                    assertEquals(value, topic.at("/spec/config").path(key).asText(), spec.name() + " " + key));
        }
        assertEquals("compact", topic(rendered, Topics.MODELS).at("/spec/config/cleanup.policy").asText());
        assertEquals(String.valueOf(Topics.MAX_MODEL_RECORD_BYTES),
                topic(rendered, Topics.MODELS).at("/spec/config/max.message.bytes").asText());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void replicationFitsTheBrokersAndLeavesWritesPossible(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JsonNode config = kafka(overlay).at("/spec/kafka/config");
        int brokers = nodes(rendered, "broker");
        int minInsync = config.path("min.insync.replicas").asInt();
        for (JsonNode topic : rendered.all("KafkaTopic")) {
            int replicas = topic.at("/spec/replicas").asInt();
            assertTrue(replicas <= brokers, topic.at("/spec/topicName") + " has more replicas than brokers");
            assertTrue(minInsync <= replicas, topic.at("/spec/topicName") + " could never be written");
        }
        assertTrue(config.path("offsets.topic.replication.factor").asInt() <= brokers);
        assertTrue(config.path("default.replication.factor").asInt() <= brokers);
    }

    @Test
    void devIsOneDualRoleNode() {
        RenderedOverlay dev = RenderedOverlay.of("dev");
        assertEquals(1, nodes(dev, "broker"));
        assertEquals(1, nodes(dev, "controller"));
        assertEquals(1, dev.all("KafkaNodePool").size());
    }

    @Test
    void prodHasThreeControllersThreeBrokersReplicationThreeAndMinInsyncTwo() {
        RenderedOverlay prod = RenderedOverlay.of("prod");
        assertEquals(3, nodes(prod, "controller"));
        assertEquals(3, nodes(prod, "broker"));
        for (JsonNode pool : prod.all("KafkaNodePool")) {
            assertEquals(1, pool.at("/spec/roles").size(), "controllers and brokers on separate nodes");
        }
        JsonNode config = kafka("prod").at("/spec/kafka/config");
        assertEquals(3, config.path("default.replication.factor").asInt());
        assertEquals(3, config.path("offsets.topic.replication.factor").asInt());
        assertEquals(3, config.path("transaction.state.log.replication.factor").asInt());
        assertEquals(2, config.path("min.insync.replicas").asInt());
        for (JsonNode topic : prod.all("KafkaTopic")) {
            assertEquals(3, topic.at("/spec/replicas").asInt(), topic.at("/spec/topicName").asText());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theServiceMayOnlyReadModelsAndWriteRetrainRequests(String overlay) {
        Set<String> grants = grants(overlay, SERVICE);
        assertTrue(grants.contains("topic:" + Topics.MODELS + ":Read"));
        assertTrue(grants.contains("topic:" + Topics.RETRAIN_REQUESTS + ":Write"));
        assertFalse(grants.contains("topic:" + Topics.MODELS + ":Write"), "the service must not publish models");
        assertFalse(grants.contains("topic:" + Topics.RETRAIN_REQUESTS + ":Read"));
        assertFalse(grants.stream().anyMatch(g -> g.startsWith("topic:" + Topics.TRAINING_EVENTS + ":")));
        assertTrue(grants.contains("group:" + SERVICE + "*:Read"));
        assertOnlyOwnGrants(grants);
    }

    /** The group ACL is a prefix: a consumer group the service names otherwise is refused by the broker. */
    @Test
    void theServicesConsumerGroupsAreCoveredByItsGroupGrant() throws IOException {
        Path properties = Path.of(System.getProperty("ganforge.service.properties",
                "../../generator-service/src/main/resources/application.properties"));
        List<String> groups = Files.readAllLines(properties).stream()
                .filter(line -> line.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id=.*"))
                .map(line -> line.substring(line.indexOf('=') + 1))
                .toList();
        assertFalse(groups.isEmpty(), "no consumer group ids in " + properties);
        for (String group : groups) {
            assertTrue(group.startsWith(SERVICE), group + " is not under the service's group grant " + SERVICE + "*");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theTrainerHasTheReverseGrants(String overlay) {
        Set<String> grants = grants(overlay, TRAINER);
        assertTrue(grants.contains("topic:" + Topics.RETRAIN_REQUESTS + ":Read"));
        assertFalse(grants.contains("topic:" + Topics.RETRAIN_REQUESTS + ":Write"), "the worker makes no requests");
        assertTrue(grants.contains("topic:" + Topics.MODELS + ":Write"));
        assertTrue(grants.contains("topic:" + Topics.TRAINING_EVENTS + ":Write"));
        assertTrue(grants.contains("topic:" + Topics.TRAINING_EVENTS + ":Read"), "to rebuild processed ids");
        assertTrue(grants.contains("group:ganforge-worker*:Read"), "the worker's consumer group");
        assertOnlyOwnGrants(grants);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void usersAuthenticateTheWayTheListenerExpects(String overlay) {
        String listenerAuth = kafka(overlay).at("/spec/kafka/listeners/0/authentication/type").asText();
        for (JsonNode user : RenderedOverlay.of(overlay).all("KafkaUser")) {
            assertEquals(listenerAuth, user.at("/spec/authentication/type").asText());
            assertEquals(kafka(overlay).at("/metadata/name").asText(), user.at("/metadata/labels/strimzi.io~1cluster").asText());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheKafkaClientPodsMayReachTheListener(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        JsonNode peers = kafka(overlay).at("/spec/kafka/listeners/0/networkPolicyPeers");
        assertTrue(peers.isArray() && !peers.isEmpty(), "the listener is closed to other pods");
        for (JsonNode deployment : rendered.all("Deployment")) {
            JsonNode labels = deployment.at("/spec/template/metadata/labels");
            boolean client = PodSecurityTest.stream(deployment.at("/spec/template/spec/containers/0/env"))
                    .anyMatch(e -> e.path("name").asText().equals("KAFKA_BOOTSTRAP_SERVERS"));
            boolean admitted = PodSecurityTest.stream(peers)
                    .anyMatch(p -> GeneratorServiceManifestTest.selects(p.at("/podSelector/matchLabels"), labels));
            assertEquals(client, admitted, deployment.at("/metadata/name").asText());
        }
    }

    /** No All, no wildcard names, no cluster-wide grants: only named topics and the user's own group prefix. */
    private static void assertOnlyOwnGrants(Set<String> grants) {
        for (String grant : grants) {
            assertFalse(grant.endsWith(":All"), grant);
            assertFalse(grant.startsWith("cluster:"), grant);
            assertFalse(grant.contains(":*:"), grant);
        }
    }

    /** {@code type:name[*]:Operation}, a {@code *} after the name marking a prefix pattern. */
    private static Set<String> grants(String overlay, String user) {
        Set<String> grants = new HashSet<>();
        JsonNode acls = RenderedOverlay.of(overlay).one("KafkaUser", user).at("/spec/authorization/acls");
        for (JsonNode acl : acls) {
            JsonNode resource = acl.path("resource");
            String name = resource.path("name").asText() + ("prefix".equals(resource.path("patternType").asText()) ? "*" : "");
            for (JsonNode operation : acl.path("operations")) {
                grants.add(resource.path("type").asText() + ":" + name + ":" + operation.asText());
            }
        }
        return grants;
    }

    private static int nodes(RenderedOverlay rendered, String role) {
        return rendered.all("KafkaNodePool").stream()
                .filter(p -> PodSecurityTest.texts(p.at("/spec/roles")).contains(role))
                .mapToInt(p -> p.at("/spec/replicas").asInt())
                .sum();
    }

    private static JsonNode kafka(String overlay) {
        List<JsonNode> clusters = RenderedOverlay.of(overlay).all("Kafka");
        assertEquals(1, clusters.size());
        return clusters.get(0);
    }

    private static JsonNode topic(RenderedOverlay rendered, String topicName) {
        return rendered.all("KafkaTopic").stream()
                .filter(t -> t.at("/spec/topicName").asText().equals(topicName))
                .findFirst().orElseThrow(() -> new AssertionError(rendered + " has no KafkaTopic for " + topicName));
    }
}
