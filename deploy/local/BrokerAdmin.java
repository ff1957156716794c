import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The admin side of deploy/local/kafka, run as a single-file Java program against the broker's own jars
 * (no Kafka CLI tools are needed). {@code wait BOOTSTRAP SECONDS}, {@code topics BOOTSTRAP}.
 *
 * The topic settings mirror dev.ganforge.shared.contract.Topics#specs() (this program runs on the broker's jars
 * alone, without ours); the trainer's ModelPublishingTest#brokerScriptCreatesTopicsWithTheContractSettings starts
 * this script's broker and fails when they drift apart.
 */
public class BrokerAdmin {

    private static final String MAX_RECORD_BYTES = String.valueOf(65 * 1024 * 1024);

    private static final List<NewTopic> TOPICS = List.of(
            new NewTopic("ganforge.models", 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact",
                    "max.message.bytes", MAX_RECORD_BYTES,
                    "retention.ms", "-1",
                    "segment.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))),
            new NewTopic("ganforge.control", 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact",
                    "retention.ms", "-1",
                    "segment.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))),
            new NewTopic("ganforge.retrain.requests", 4, (short) 1).configs(Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(7)))),
            new NewTopic("ganforge.training.events", 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(30)))));

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        switch (command) {
            case "wait" -> System.exit(awaitReady(args[1], Long.parseLong(args[2])) ? 0 : 1);
            case "topics" -> createTopics(args[1]);
            case "compact-eagerly" -> compactEagerly(args[1], args[2]);
            default -> {
                System.err.println("usage: BrokerAdmin wait BOOTSTRAP SECONDS | topics BOOTSTRAP"
                        + " | compact-eagerly BOOTSTRAP TOPIC");
                System.exit(2);
            }
        }
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return Admin.create(props);
    }

    /** Ready means the broker answers metadata with a controller elected, not merely an open port. */
    private static boolean awaitReady(String bootstrap, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (Admin admin = admin(bootstrap)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().controller().get(5, TimeUnit.SECONDS) != null
                            && !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return true;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet; the admin client backs off between attempts
                }
                Thread.sleep(200);
            }
        }
        return false;
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : TOPICS) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            for (NewTopic topic : missing) {
                System.out.println("kafka: created topic " + topic.name() + " " + topic.configs());
            }
        }
    }

    /**
     * Development only: a topic whose compaction a benchmark can watch. Kafka cleans only rolled segments, and by
     * default rolls daily (ganforge.models) and cleans once half a log is dirty; this rolls at the first append
     * after a second, cleans any dirty fraction and drops tombstones in the next pass.
     */
    private static void compactEagerly(String bootstrap, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        List<AlterConfigOp> ops = Map.of("segment.ms", "1000", "min.cleanable.dirty.ratio", "0.01",
                        "delete.retention.ms", "0", "min.compaction.lag.ms", "0").entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try (Admin admin = admin(bootstrap)) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
        }
        System.out.println("kafka: " + topic + " now rolls its segment a second after the last roll and compacts "
                + "any dirty fraction (development setting)");
    }
}
