package dev.ganforge.service.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far this replica's replay of {@code ganforge.models} has come. Every replica reads the whole topic on start,
 * oldest version first, and serves each version as it loads it; until the replay reaches the end the topic had at
 * start, what it serves is stale (possibly version 1 of hundreds, for as long as reading the history takes:
 * docs/benchmarks.md, "Cold start and memory of the service"). Readiness waits for this.
 *
 * <p>The end offsets are taken when the partitions are assigned (SmallRye calls this listener on the polling
 * thread, named in application.properties); the replay has caught up once the record just before each
 * partition's end has been handled. The last record of a partition is never compacted away (Kafka does not
 * clean the active segment), so that record always arrives. Publishers write in transactions, so the end usually
 * follows a commit marker, never delivered: {@link CommittedTail} finds the last record that is.
 */
@ApplicationScoped
@Identifier(ModelTopicReplay.LISTENER) // how the connector finds it; @Default for constructor injection
@Default
public class ModelTopicReplay implements KafkaConsumerRebalanceListener {

    static final String LISTENER = "ganforge-models-replay";

    /** Per partition: the offset of the last record at start, or -1 for a partition that was empty. */
    private final Map<Integer, Long> lastAtStart = new ConcurrentHashMap<>();
    private final Map<Integer, Long> handled = new ConcurrentHashMap<>();
    private volatile boolean assigned;
    private final CommittedTail tail;

    @Inject
    public ModelTopicReplay(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this(CommittedTail.reading(kafka));
    }

    public ModelTopicReplay(CommittedTail tail) {
        this.tail = tail;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Read-committed: the end offset is the last stable offset, above every committed version at start.
        consumer.endOffsets(partitions).forEach((partition, end) -> lastAtStart.computeIfAbsent(partition.partition(),
                p -> tail.lastRecordBefore(partition, end)));
        // An empty assignment (a group shared with another replica, which holds the partition) tells nothing about
        // the topic: counting it as assigned would call the replay done without a record read.
        if (!partitions.isEmpty()) {
            assigned = true;
        }
    }

    /** Called once a record has been fully handled (loaded, rejected or evicted). */
    public void handled(int partition, long offset) {
        handled.merge(partition, offset, Math::max);
    }

    public boolean caughtUp() {
        return assigned && lastAtStart.entrySet().stream()
                .allMatch(last -> last.getValue() < 0 || handled.getOrDefault(last.getKey(), -1L) >= last.getValue());
    }

    /** For the health check: records handled so far against the records there were at start. */
    public String describe() {
        if (!assigned) {
            return "waiting for partition assignment";
        }
        long total = lastAtStart.values().stream().mapToLong(last -> last + 1).sum(); // offsets, markers included
        long done = lastAtStart.keySet().stream().mapToLong(p -> Math.min(lastAtStart.get(p),
                handled.getOrDefault(p, -1L)) + 1).sum();
        return caughtUp() ? "caught up (" + total + " records at start)" : "at offset " + done + " of " + total;
    }
}
