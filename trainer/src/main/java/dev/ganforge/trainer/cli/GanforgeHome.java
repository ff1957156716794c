package dev.ganforge.trainer.cli;

import java.nio.file.Path;

/**
 * Where ganforge keeps per-user state (datasets cache, keys, …): system property {@code ganforge.home}, else
 * the {@code GANFORGE_HOME} environment variable, else {@code ~/.ganforge}. The property exists so tests in
 * one JVM can point commands at a temporary directory.
 */
public record GanforgeHome(Path dir) {

    public static final String PROPERTY = "ganforge.home";
    public static final String ENVIRONMENT = "GANFORGE_HOME";

    public static GanforgeHome resolve() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new GanforgeHome(Path.of(property).toAbsolutePath());
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return new GanforgeHome(Path.of(env).toAbsolutePath());
        }
        return new GanforgeHome(Path.of(System.getProperty("user.home"), ".ganforge"));
    }

    public Path datasets() {
        return dir.resolve("datasets");
    }
}
