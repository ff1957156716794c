package dev.ganforge.service.messaging;

import dev.ganforge.service.model.ModelRegistry;
import dev.ganforge.shared.contract.ControlRecord;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds {@code ganforge.control} into the {@link ModelRegistry}: every replica reads the whole compacted topic from
 * the beginning (a group id unique to the process, as for the models), so all of them apply the same routing in the
 * same order, and one started later starts with it. A record that does not decode or verify is rejected with a
 * logged reason and changes nothing.
 */
@ApplicationScoped
public class ControlRecordConsumer {

    private static final Logger LOG = Logger.getLogger(ControlRecordConsumer.class);

    private final ModelRegistry registry;
    private final ControlTopicReplay replay;
    private final Object progress = new Object();
    private long handledOffset = -1;

    public ControlRecordConsumer(ModelRegistry registry, ControlTopicReplay replay) {
        this.registry = registry;
        this.replay = replay;
    }

    @Incoming("control")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            handle(record);
        } catch (RuntimeException e) {
            // The registry rejects bad records itself; reaching here is a bug, which must not stop the stream.
            LOG.errorf(e, "unexpected failure handling control record %s-%d@%d", record.topic(), record.partition(),
                    record.offset());
        } finally {
            replay.handled(record.partition(), record.offset());
            synchronized (progress) {
                handledOffset = Math.max(handledOffset, record.offset());
                progress.notifyAll();
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        ControlRecord control;
        try {
            control = ControlRecord.fromKafka(record.key(), record.value(), headers);
        } catch (IllegalArgumentException e) {
            registry.rejectControl(record.key(), "undecodable record at " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage());
            return;
        }
        registry.route(control);
    }

    /**
     * Waits until the record at {@code offset} (one partition) has been applied here.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitHandled(long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (handledOffset < offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
