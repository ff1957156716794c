package dev.ganforge.service.testing;

import dev.ganforge.service.model.RegistryListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every rejection the registry reports, as {@code name@version: reason}. */
public final class RejectionLog implements RegistryListener {

    private final List<String> rejections = new CopyOnWriteArrayList<>();

    @Override
    public void rejected(String name, String version, String reason) {
        rejections.add(name + "@" + version + ": " + reason);
    }

    public List<String> rejections() {
        return rejections;
    }
}
