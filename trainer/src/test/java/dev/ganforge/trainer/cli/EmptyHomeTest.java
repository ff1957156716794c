package dev.ganforge.trainer.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLI tests that run each test against its own empty {@code GANFORGE_HOME} (what {@link GanforgeHome} resolves),
 * so no test sees datasets, keys or state another left behind. A subclass's own set-up runs after this one's.
 */
abstract class EmptyHomeTest {

    @TempDir
    Path home;

    @BeforeEach
    void pointGanforgeHomeAtAnEmptyDirectory() {
        System.setProperty(GanforgeHome.PROPERTY, home.toString());
    }

    @AfterEach
    void restoreGanforgeHome() {
        System.clearProperty(GanforgeHome.PROPERTY);
    }
}
