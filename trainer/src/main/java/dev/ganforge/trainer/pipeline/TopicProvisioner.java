package dev.ganforge.trainer.pipeline;

import dev.ganforge.shared.contract.TopicSpec;
import dev.ganforge.shared.contract.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the ganforge topics that do not exist yet, with the settings of {@link Topics#specs()}. Run by
 * every command that writes, so a broker that is not ours (and has auto-creation off, or on with the wrong
 * defaults) still gets a compacted, large-record models topic.
 *
 * <p>An existing topic gets the settings of its spec it lacks (the value it reports comes from a broker default),
 * so topics created by an older release pick up settings added since (the models topic's {@code segment.ms}).
 * A setting made on the topic itself is never changed: an operator (or Strimzi's topic operator, which owns the
 * topics on Kubernetes) may have chosen it.
 */
public final class TopicProvisioner {

    private final KafkaConnection kafka;
    private final Function<Properties, Admin> admins;

    public TopicProvisioner(KafkaConnection kafka) {
        this(kafka, Admin::create);
    }

    /** @param admins makes the admin client from its settings (tests: one that is refused some requests) */
    TopicProvisioner(KafkaConnection kafka, Function<Properties, Admin> admins) {
        this.kafka = kafka;
        this.admins = admins;
    }

    /** Creates the missing topics and adds the missing settings of the existing ones. */
    public TopicProvisioning ensureTopics() {
        try (Admin admin = admins.apply(kafka.admin("ganforge-provisioner"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> added = addMissingSettings(admin, Topics.specs().stream()
                    .filter(spec -> existing.contains(spec.name())).toList());
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
            return new TopicProvisioning(missing.stream().map(NewTopic::name).toList(), added);
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("cannot create or configure topics on " + kafka.bootstrapServers()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("no Kafka broker answered at " + kafka.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while creating topics", e);
        }
    }

    private static List<String> addMissingSettings(Admin admin, List<TopicSpec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (specs.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, TopicSpec> specsByTopic = new LinkedHashMap<>();
        specs.forEach(spec -> specsByTopic.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), spec));
        Map<ConfigResource, Config> current;
        try {
            current = admin.describeConfigs(specsByTopic.keySet()).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                // Kubernetes: the trainer's user may not read topic settings (users.yaml); Strimzi owns them.
                return List.of();
            }
            throw e;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        specsByTopic.forEach((resource, spec) -> spec.configs().forEach((key, value) -> {
            ConfigEntry entry = current.get(resource).get(key);
            boolean setOnTopic = entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
            if (!setOnTopic && (entry == null || !value.equals(entry.value()))) {
                changes.computeIfAbsent(resource, r -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                added.add(spec.name() + ": " + key + "=" + value);
            }
        }));
        if (changes.isEmpty()) {
            return List.of();
        }
        try {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return List.of(); // allowed to read the settings, not to change them: the cluster's owners decide
            }
            throw e;
        }
        return added;
    }

    private static NewTopic newTopic(TopicSpec spec) {
        // Replication factor from the broker's default.replication.factor: 1 locally, 3 on a real cluster.
        return new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty()).configs(spec.configs());
    }
}
