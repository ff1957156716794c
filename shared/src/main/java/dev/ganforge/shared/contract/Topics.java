package dev.ganforge.shared.contract;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Kafka topics both the trainer and the generator service speak. Documented in docs/contracts.md. */
public final class Topics {

    /**
     * Log-compacted; one record per model version, key {@code name@version}, value the ONNX bytes; a tombstone
     * under a version's key removes it ({@link ModelRemoval}).
     */
    public static final String MODELS = "ganforge.models";

    /**
     * Log-compacted; the operators' routing of each model (follow the newest, a pin, a canary split) as signed
     * {@link ControlRecord}s, key the model name: the last record of a name is its routing.
     */
    public static final String CONTROL = "ganforge.control";

    /** CloudEvents (structured JSON) of type {@code ganforge.retrain.requested}. */
    public static final String RETRAIN_REQUESTS = "ganforge.retrain.requests";
    /** Partitions of {@link #RETRAIN_REQUESTS}: as many workers as this train at the same time. */
    public static final int RETRAIN_REQUEST_PARTITIONS = 4;

    /** CloudEvents describing what the worker did with each request. */
    public static final String TRAINING_EVENTS = "ganforge.training.events";

    /**
     * The largest model record accepted end to end. Topic, producer and consumer limits are all set from
     * this so a model that publishes is also a model that can be read back.
     */
    public static final int MAX_MODEL_RECORD_BYTES = 64 * 1024 * 1024 + 1024 * 1024;

    /**
     * The four topics with their real settings. One partition each: the versions of a name land in increasing
     * order, routing changes and requests are applied in arrival order, all of which need a total order.
     */
    public static List<TopicSpec> specs() {
        return List.of(
                new TopicSpec(MODELS, 1, Map.of(
                        "cleanup.policy", "compact",
                        "max.message.bytes", String.valueOf(MAX_MODEL_RECORD_BYTES),
                        "retention.ms", "-1",
                        // Compaction never touches the active segment: a daily roll lets the bytes of removed
                        // versions go within about a day instead of Kafka's default week.
                        "segment.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))),
                new TopicSpec(CONTROL, 1, Map.of(
                        "cleanup.policy", "compact",
                        "retention.ms", "-1",
                        "segment.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))),
                // Workers of a group train side by side, one partition each at most; requests of one model (the
                // key) stay in order on one partition.
                new TopicSpec(RETRAIN_REQUESTS, RETRAIN_REQUEST_PARTITIONS, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(7)))),
                new TopicSpec(TRAINING_EVENTS, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(30)))));
    }

    private Topics() {
    }
}
