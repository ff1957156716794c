package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.ModelSigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an operator's routing (pin, unpin, canary, promote, abort) as a signed {@link ControlRecord} on
 * {@link Topics#CONTROL}, which every service replica follows: the CLI side of what the service's routing endpoints
 * write. A change is computed from the routing in force (a canary remembers it, promote and abort start from it) and
 * the newest published version, as the service's endpoints do ({@link ModelRouting}).
 */
public final class RoutingWriter {

    /** What a command makes of the routing in force and the newest published version (0 when none). */
    @FunctionalInterface
    public interface Change {
        /**
         * @throws IllegalStateException    when the change does not apply to {@code current} (promote with no canary)
         * @throws IllegalArgumentException when the change is invalid
         */
        ModelRouting next(ModelRouting current, long newest);
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConnection kafka;
    private final ModelSigner signer;

    public RoutingWriter(KafkaConnection kafka, ModelSigner signer) {
        this.kafka = kafka;
        this.signer = signer;
    }

    /**
     * Writes what {@code change} makes of {@code model}'s routing and returns it.
     *
     * @throws IllegalArgumentException when the routing is invalid, names a version not on the models topic, or
     *                                  does not apply to the routing in force
     */
    public ModelRouting write(String model, Change change) {
        Set<Long> published = new ModelCatalog(kafka).list(model).stream().map(PublishedModel::version)
                .collect(Collectors.toSet());
        ModelRouting current = current(model);
        ModelRouting routing;
        try {
            routing = change.next(current, published.stream().mapToLong(Long::longValue).max().orElse(0));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(model + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>(routing.problems());
        for (Long version : new Long[] {routing.version(), routing.canaryVersion()}) {
            if (version != null && !published.contains(version)) {
                problems.add(model + "@" + version + " is not on " + Topics.MODELS);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        new TopicProvisioner(kafka).ensureTopics();
        ControlRecord record = ControlRecord.sign(model, routing, "cli:" + System.getProperty("user.name"), signer);
        ProducerRecord<String, byte[]> outgoing = new ProducerRecord<>(Topics.CONTROL, record.key(), record.value());
        record.headers().forEach((name, value) -> outgoing.headers().add(name, value));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("ganforge-routing"))) {
            producer.send(outgoing).get();
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("writing to " + Topics.CONTROL + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while writing to " + Topics.CONTROL, e);
        }
        return routing;
    }

    /**
     * The routing in force for {@code model}: of its records on the control topic that decode, the one issued last
     * (the order the replicas keep); {@link ModelRouting#NEWEST} when none. Signatures are not checked here (the CLI
     * holds a signing key, not the replicas' trust list): the topic's write ACL is the guard, as for the replicas.
     */
    public ModelRouting current(String model) {
        AtomicReference<ControlRecord.Body> latest = new AtomicReference<>();
        new TopicSnapshot(kafka, READ_TIMEOUT).read(Topics.CONTROL, raw -> {
            if (!model.equals(raw.key()) || raw.value() == null) {
                return;
            }
            Map<String, byte[]> headers = new HashMap<>();
            raw.headers().forEach(header -> headers.put(header.key(), header.value()));
            try {
                ControlRecord.Body body = ControlRecord.fromKafka(raw.key(), raw.value(), headers).body();
                if (latest.get() == null || body.issuedAt().isAfter(latest.get().issuedAt())) {
                    latest.set(body);
                }
            } catch (IllegalArgumentException e) {
                // Not a routing; the replicas reject it too.
            }
        });
        return latest.get() == null ? ModelRouting.NEWEST : latest.get().routing();
    }
}
