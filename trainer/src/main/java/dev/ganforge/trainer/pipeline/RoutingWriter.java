package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.ModelSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an operator's routing (pin, unpin, canary) as a signed {@link ControlRecord} on {@link Topics#CONTROL},
 * which every service replica follows: the CLI side of what the service's routing endpoints write.
 */
public final class RoutingWriter {

    private final KafkaConnection kafka;
    private final ModelSigner signer;

    public RoutingWriter(KafkaConnection kafka, ModelSigner signer) {
        this.kafka = kafka;
        this.signer = signer;
    }

    /**
     * @throws IllegalArgumentException when the routing is invalid or names a version not on the models topic
     */
    public void write(String model, ModelRouting routing) {
        Set<Long> published = new ModelCatalog(kafka).list(model).stream().map(PublishedModel::version)
                .collect(Collectors.toSet());
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
    }
}
