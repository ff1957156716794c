package dev.ganforge.trainer.cli;

import dev.ganforge.trainer.pipeline.VersionRetention;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The "keep the newest N versions" options of {@code publish} and {@code worker}: absent means keep all. */
final class RetentionOption {

    static VersionRetention parse(CommandSpec spec, String option, Integer keep) {
        if (keep == null) {
            return VersionRetention.ALL;
        }
        try {
            return VersionRetention.newest(keep);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1 (the newest version is "
                    + "always kept), got " + keep);
        }
    }

    private RetentionOption() {
    }
}
