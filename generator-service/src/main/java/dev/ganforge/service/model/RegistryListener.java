package dev.ganforge.service.model;

/** What the registry tells the outside world (metrics, logs); every method has a do-nothing default. */
public interface RegistryListener {

    RegistryListener NONE = new RegistryListener() { };

    /** {@code version} of {@code name} now serves; {@code previous} is the version it replaced, or 0. */
    default void activated(String name, long version, long previous, String because) {
    }

    default void accepted(String name, long version) {
    }

    /** {@code version} of {@code name} was unloaded to keep within the retained-versions limit. */
    default void evicted(String name, long version) {
    }

    /** {@code version} of {@code name} was removed from the models topic, by a removal signed by a trusted key. */
    default void removed(String name, long version) {
    }

    /** {@code name} may be null when the record did not say which model it was. */
    default void rejected(String name, String version, String reason) {
    }
}
