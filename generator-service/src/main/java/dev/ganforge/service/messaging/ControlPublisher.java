package dev.ganforge.service.messaging;

import dev.ganforge.service.config.GeneratorConfig;
import dev.ganforge.shared.contract.ControlRecord;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.shared.contract.Topics;
import dev.ganforge.shared.signing.Ed25519Keys;
import dev.ganforge.shared.signing.ModelSigner;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes an operator's routing as a signed {@link ControlRecord} on {@code ganforge.control} and returns once this
 * replica has applied it from the topic, like every other replica will: the topic, not the replica that took the
 * request, is where the routing lives.
 */
@ApplicationScoped
public class ControlPublisher {

    private static final Logger LOG = Logger.getLogger(ControlPublisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final Optional<ModelSigner> signer;
    private final Map<String, Object> kafka;
    private final ControlRecordConsumer applied;
    private final Duration applyTimeout;
    private final String issuer;
    private KafkaProducer<String, byte[]> producer;

    public ControlPublisher(GeneratorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
                            ControlRecordConsumer applied) {
        this.signer = signer(config.control());
        this.kafka = kafka;
        this.applied = applied;
        this.applyTimeout = config.control().applyTimeout();
        this.issuer = "service:" + hostName();
    }

    /**
     * Signs and writes {@code routing} of {@code model}, then waits until this replica applied it.
     *
     * @throws RoutingUnavailableException when this replica has no control signing key, the broker does not acknowledge,
     *                          or the record is not applied within {@code ganforge.control.apply-timeout}
     */
    public void publish(String model, ModelRouting routing) {
        ModelSigner key = signer.orElseThrow(() -> unavailable("this replica has no control signing key "
                + "(ganforge.control.signing-key-file and signing-public-key-file); use 'ganforge models pin' instead"));
        ControlRecord record = ControlRecord.sign(model, routing, issuer, key);
        ProducerRecord<String, byte[]> outgoing = new ProducerRecord<>(Topics.CONTROL, record.key(), record.value());
        record.headers().forEach((name, value) -> outgoing.headers().add(name, value));
        try {
            RecordMetadata written = producer().send(outgoing).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!applied.awaitHandled(written.offset(), applyTimeout)) {
                throw unavailable("the control record was written (offset " + written.offset() + ") but this replica "
                        + "did not apply it within " + applyTimeout + "; it applies once the replica catches up");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable("the broker did not acknowledge the control record: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> settings = new HashMap<>(kafka);
            settings.put(ProducerConfig.CLIENT_ID_CONFIG, "ganforge-control");
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static Optional<ModelSigner> signer(GeneratorConfig.Control control) {
        if (control.signingKeyFile().isEmpty() || control.signingPublicKeyFile().isEmpty()) {
            LOG.info("no control signing key (ganforge.control.signing-key-file / signing-public-key-file): pin, "
                    + "unpin and canary requests answer 503; routing set elsewhere (ganforge models pin) still applies");
            return Optional.empty();
        }
        try {
            ModelSigner signer = new ModelSigner(Ed25519Keys.readPrivateKey(control.signingKeyFile().get()),
                    Ed25519Keys.readPublicKey(control.signingPublicKeyFile().get()));
            LOG.infof("signing control records with key %s", signer.keyId());
            return Optional.of(signer);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("ganforge.control.signing-key-file: " + e.getMessage(), e);
        }
    }

    private static RoutingUnavailableException unavailable(String detail) {
        return new RoutingUnavailableException(detail);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
