package dev.ganforge.trainer.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Installs what a command needs from Debian's packages, the way a new user's machine gets it: only as root (asking
 * for a password is not ours; everyone else gets the one command to run), output to a log, and once more after
 * {@code apt-get update} when the first try fails (a fresh machine often has no package lists yet).
 */
public final class DebianPackages {

    private static final Map<String, String> ENV = Map.of("DEBIAN_FRONTEND", "noninteractive");

    private DebianPackages() {
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** What a non-root user runs instead. */
    public static String hint(String pkg) {
        return "sudo apt-get install -y " + pkg;
    }

    /** @return apt-get's exit status; 127 when there is no apt-get */
    public static int install(String pkg, Path log) {
        List<String> install = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", pkg);
        int status = new ExternalCommand(install, ENV).run(log);
        if (status != 0 && status != 127) {
            new ExternalCommand(List.of("apt-get", "update", "-q"), ENV).run(log);
            status = new ExternalCommand(install, ENV).run(log);
        }
        return status;
    }
}
