package dev.ganforge.trainer.pipeline;

import java.util.List;

/**
 * What {@link TopicProvisioner#ensureTopics} did.
 *
 * @param created topics it created
 * @param added   settings it gave existing topics that lacked them, as {@code topic: key=value}
 */
public record TopicProvisioning(List<String> created, List<String> added) {

    public TopicProvisioning {
        created = List.copyOf(created);
        added = List.copyOf(added);
    }
}
