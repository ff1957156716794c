package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.TopicSpec;
import dev.ganforge.shared.contract.Topics;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the ganforge topics that do not exist yet, with the settings of {@link Topics#specs()}. Run by
 * every command that writes, so a broker that is not ours (and has auto-creation off, or on with the wrong
 * defaults) still gets a compacted, large-record models topic.
 */
public final class TopicProvisioner {

    private final KafkaConnection kafka;

    public TopicProvisioner(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    /** @return names of the topics it created */
    public List<String> ensureTopics() {
        try (Admin admin = Admin.create(kafka.admin("ganforge-provisioner"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.specs().stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(TopicProvisioner::newTopic)
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Another client created it between list and create: the outcome we wanted.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("cannot create topics on " + kafka.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("no Kafka broker answered at " + kafka.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while creating topics", e);
        }
    }

    private static NewTopic newTopic(TopicSpec spec) {
        // Replication factor from the broker's default.replication.factor: 1 locally, 3 on a real cluster.
        return new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty()).configs(spec.configs());
    }
}
