package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The exclusive right to write the next version of one model name, built on Kafka's transactions: every publisher
 * of a name uses the transactional id {@value #TRANSACTIONAL_ID_PREFIX}{@code <name>}, so opening a claim
 * ({@code initTransactions}) fences every earlier holder and aborts its open transaction. The holder then reads the
 * topic (read-committed, so it sees every version committed before it took the claim) and writes newest + 1 in a
 * transaction; if another publisher took the claim in between, the commit fails and the whole step runs again
 * with the versions as they are then. So two publishers never commit the same version, and versions land on the
 * topic in increasing order, which is what lets every reader treat an older version arriving later as a replay
 * (docs/contracts.md, "Versions").
 */
final class VersionClaim implements AutoCloseable {

    /** With the model name appended: the transactional id of a publisher of that name (Kafka ACLs: a prefix). */
    static final String TRANSACTIONAL_ID_PREFIX = "ganforge-publish-";

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final KafkaProducer<String, byte[]> producer;

    private VersionClaim(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Runs {@code step} holding the claim on {@code name}; runs it again, with a growing random backoff, each time
     * another publisher took the claim before {@code step}'s write committed, until {@code patience} has passed.
     *
     * @throws KafkaUnavailableException when the broker does not answer, or the claim was lost for all of
     *                                   {@code patience}
     */
    static <T> T holding(KafkaConnection kafka, String name, Duration patience, Function<VersionClaim, T> step) {
        Instant deadline = Instant.now().plus(patience);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Properties settings = kafka.producer("ganforge-publisher-" + name);
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + name);
            try (VersionClaim claim = new VersionClaim(new KafkaProducer<>(settings))) {
                claim.producer.initTransactions();
                return step.apply(claim);
            } catch (ClaimLostException | ProducerFencedException | InvalidProducerEpochException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaUnavailableException("another publisher of " + name + " kept taking the version "
                            + "claim for " + patience + "; try again", e);
                }
                sleep(backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis()));
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailableException("interrupted while publishing to " + Topics.MODELS, e);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new KafkaUnavailableException("no Kafka broker answered at " + kafka.bootstrapServers(), e);
            } catch (AuthorizationException e) {
                throw new IllegalStateException("not allowed to publish " + name + ": " + e.getMessage()
                        + " (needs Write on " + Topics.MODELS + " and on transactional id "
                        + TRANSACTIONAL_ID_PREFIX + name + ")", e);
            }
        }
    }

    /**
     * Writes one record in a transaction and commits it.
     *
     * @throws ClaimLostException when another publisher took the claim first; nothing was written
     */
    void write(String key, byte[] value, Map<String, byte[]> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODELS, key, value);
        headers.forEach((header, bytes) -> record.headers().add(header, bytes));
        try {
            producer.beginTransaction();
            producer.send(record).get();
            producer.commitTransaction();
        } catch (ExecutionException e) {
            throw failure(key, e.getCause());
        } catch (KafkaException e) {
            throw failure(key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing " + key, e);
        }
    }

    private static RuntimeException failure(String key, Throwable cause) {
        Optional<Throwable> fenced = fencing(cause);
        if (fenced.isPresent()) {
            return new ClaimLostException(fenced.get());
        }
        if (cause instanceof RecordTooLargeException || cause instanceof AuthorizationException) {
            return new IllegalStateException("publishing " + key + " failed: " + cause.getMessage(), cause);
        }
        if (cause instanceof RetriableException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new KafkaUnavailableException("publishing " + key + " failed: " + cause.getMessage(), cause);
        }
        // An aborted transaction (another publisher's initTransactions aborts ours) surfaces under several names.
        return new ClaimLostException(cause);
    }

    private static Optional<Throwable> fencing(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // backoff between attempts, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for the version claim", e);
        }
    }

    @Override
    public void close() {
        // A fenced producer's close must not wait for the full default timeout.
        producer.close(Duration.ofSeconds(5));
    }

    /** Another publisher took the claim; the step runs again. */
    static final class ClaimLostException extends KafkaException {
        ClaimLostException(Throwable cause) {
            super("the version claim was taken by another publisher", cause);
        }
    }
}
