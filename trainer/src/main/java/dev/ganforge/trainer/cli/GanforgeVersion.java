package dev.ganforge.trainer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The trainer's version: system property {@code ganforge.version} (set by the {@code ./ganforge} launcher, which
 * runs from {@code target/classes} where there is no jar manifest), else the jar's Maven metadata, else
 * {@code dev}.
 */
public final class GanforgeVersion implements IVersionProvider {

    public static final String PROPERTY = "ganforge.version";
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.ganforge/ganforge-trainer/pom.properties";

    public static String current() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String manifest = GanforgeVersion.class.getPackage().getImplementationVersion();
        if (manifest != null) {
            return manifest;
        }
        try (InputStream in = GanforgeVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                return pom.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // unreadable metadata is no reason to fail --version
        }
        return "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"ganforge " + current(), "Java " + Runtime.version()};
    }
}
