package dev.ganforge.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.contract.ModelRouting;
import dev.ganforge.trainer.pipeline.ModelCatalog;
import dev.ganforge.trainer.pipeline.RoutingWriter;
import dev.ganforge.trainer.pipeline.ModelPruner;
import dev.ganforge.trainer.pipeline.PublishedModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ganforge models}: what is published on Kafka. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Inspect and prune the models published on Kafka (topic ganforge.models), and route their "
                + "traffic on every service replica (pin, unpin, canary, promote, abort: topic ganforge.control).",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.PruneModels.class,
            ModelsCommand.RemoveModel.class, ModelsCommand.PinModel.class, ModelsCommand.UnpinModel.class,
            ModelsCommand.CanaryModel.class, ModelsCommand.PromoteCanary.class, ModelsCommand.AbortCanary.class})
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }

    /** {@code NAME@VERSION} (a record key) parsed: group 1 the name, group 2 the version; a usage error if not. */
    static Matcher nameAtVersion(CommandSpec spec, String target) {
        Matcher parsed = RemoveModel.KEY.matcher(target);
        if (!parsed.matches()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "expected NAME@VERSION such as digits@3, got '" + target + "'");
        }
        return parsed;
    }

    /** {@code digits: removed version 3 (sha256 0123456789ab)}. */
    static String removal(String verb, PublishedModel version) {
        return String.format(Locale.ROOT, "%s: %s version %d (sha256 %s)", version.name(), verb, version.version(),
                version.sha256().substring(0, 12));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every published version (reads the topic from its beginning to its current end).")
    static final class ListModels implements Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Spec
        CommandSpec spec;

        @Option(names = "--name", paramLabel = "NAME", description = "Only versions of this model.")
        String name;

        @Option(names = "--json", description = "Print JSON (full digests and metadata) instead of a table.")
        boolean json;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() throws Exception {
            List<PublishedModel> models = new ModelCatalog(kafka.connection()).list(name);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (PublishedModel model : models) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", model.name());
                    row.put("version", model.version());
                    row.put("sha256", model.sha256());
                    row.put("keyId", model.keyId());
                    row.put("sizeBytes", model.sizeBytes());
                    row.put("publishedAt", model.publishedAt().toString());
                    row.put("metadata", model.metadata());
                    rows.add(row);
                }
                out.println(JSON.writeValueAsString(rows));
                return 0;
            }
            if (models.isEmpty()) {
                out.println(name == null ? "no models published" : "no versions of " + name);
                return 0;
            }
            String format = "%-20s %7s  %-12s  %9s  %-8s  %-14s %8s  %-20s  %s%n";
            out.printf(format, "NAME", "VERSION", "SHA256", "SIZE", "ARCH", "DATASET", "STEP", "PUBLISHED", "METRICS");
            for (PublishedModel model : models) {
                ModelMetadata metadata = model.metadata();
                out.printf(format, model.name(), model.version(), model.sha256().substring(0, 12),
                        size(model.sizeBytes()),
                        metadata == null ? "?" : metadata.architecture(),
                        metadata == null ? "?" : metadata.dataset(),
                        metadata == null ? "?" : metadata.step(),
                        model.publishedAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                        metadata == null ? "" : metrics(metadata.metrics()));
            }
            return 0;
        }

        private static String size(long bytes) {
            if (bytes < 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
            }
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }

        private static String metrics(Map<String, Double> metrics) {
            return new TreeMap<>(metrics).entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4g", e.getValue()))
                    .collect(Collectors.joining(" "));
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Remove every version of NAME but the newest --keep from ganforge.models.",
                "Each removal is a tombstone signed with --key: services that trust the key drop the version at once "
                        + "(one that serves hands over to the newest kept), and Kafka's compaction later deletes the "
                        + "version's bytes, so replicas starting afterwards replay only what is kept. The newest "
                        + "version is always kept."})
    static final class PruneModels implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Model to prune.")
        String name;

        @Option(names = "--keep", required = true, paramLabel = "N", description = "How many of the newest "
                + "versions to keep, at least 1.")
        int keep;

        @Option(names = "--dry-run", description = "Print what would be removed; write nothing.")
        boolean dryRun;

        @Mixin
        SigningKeyOption key;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() throws Exception {
            RetentionOption.parse(spec, "--keep", keep);
            PrintWriter out = spec.commandLine().getOut();
            try (ModelPruner pruner = new ModelPruner(kafka.connection(), key.signer())) {
                List<PublishedModel> removed = dryRun ? pruner.beyondNewest(name, keep) : pruner.prune(name, keep);
                removed.forEach(version -> out.println(removal(dryRun ? "would remove" : "removed", version)));
                if (removed.isEmpty()) {
                    out.printf("%s: nothing to remove, at most %d versions on the topic%n", name, keep);
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove one version of a model from ganforge.models (a signed tombstone, see 'models prune').",
                "Services drop it at once; if it was serving, the newest remaining loaded version takes over. The "
                        + "newest version of a model cannot be removed: publish a newer one first."})
    static final class RemoveModel implements Callable<Integer> {

        private static final Pattern KEY = Pattern.compile(
                "([a-z0-9][a-z0-9._-]{0,62})@([1-9][0-9]{0,17})");

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME@VERSION", description = "The version to remove, as its record key, e.g. "
                + "digits@3.")
        String target;

        @Mixin
        SigningKeyOption key;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() throws Exception {
            Matcher parsed = nameAtVersion(spec, target);
            String name = parsed.group(1);
            try (ModelPruner pruner = new ModelPruner(kafka.connection(), key.signer())) {
                PublishedModel removed = pruner.remove(name, Long.parseLong(parsed.group(2)));
                spec.commandLine().getOut().println(removal("removed", removed));
            }
            return 0;
        }
    }

    /**
     * What every routing command shares: the signing key, the broker, and writing the routing its change makes of
     * the routing in force (read from ganforge.control) through {@link RoutingWriter}.
     */
    abstract static class RoutingCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        SigningKeyOption key;

        @Mixin
        KafkaOptions kafka;

        /** The model whose routing changes. */
        abstract String model();

        abstract RoutingWriter.Change change();

        @Override
        public Integer call() throws Exception {
            ModelRouting written = new RoutingWriter(kafka.connection(), key.signer()).write(model(), change());
            spec.commandLine().getOut().println(model() + ": " + switch (written.mode()) {
                case NEWEST -> "follows the newest version";
                case PINNED -> "pinned to version " + written.version();
                case CANARY -> written.describe() + " (an abort returns to "
                        + (written.previous() == null ? "pinned to " + written.version()
                                : written.previous().describe()) + ")";
            });
            return 0;
        }
    }

    /** A routing command whose only positional parameter is the model's name. */
    abstract static class NamedRoutingCommand extends RoutingCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
        String name;

        @Override
        String model() {
            return name;
        }
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = "Serve one version on every service replica until unpinned (a signed record on "
                    + "ganforge.control).")
    static final class PinModel extends RoutingCommand {

        @Parameters(paramLabel = "NAME@VERSION", description = "The version to pin, e.g. digits@3.")
        String target;

        @Override
        String model() {
            return nameAtVersion(spec, target).group(1);
        }

        @Override
        RoutingWriter.Change change() {
            long version = Long.parseLong(nameAtVersion(spec, target).group(2));
            return (current, newest) -> ModelRouting.pinned(version);
        }
    }

    @Command(name = "unpin", mixinStandardHelpOptions = true,
            description = "Follow the newest version again on every service replica (also ends a canary split).")
    static final class UnpinModel extends NamedRoutingCommand {

        @Override
        RoutingWriter.Change change() {
            return (current, newest) -> ModelRouting.NEWEST;
        }
    }

    @Command(name = "canary", mixinStandardHelpOptions = true,
            description = {"Split requests between a stable and a canary version by weight on every service replica "
                    + "(a request with a seed always draws the same version).",
                "The split remembers the routing in force (read from ganforge.control), which 'models abort' returns "
                        + "to."})
    static final class CanaryModel extends NamedRoutingCommand {

        @Option(names = "--stable", paramLabel = "V", description = "Version keeping most traffic. Default: the "
                + "version the routing in force serves (the pinned one, a split's stable one, else the newest).")
        Long stable;

        @Option(names = "--canary", required = true, paramLabel = "V", description = "Version on trial.")
        long canary;

        @Option(names = "--weight", required = true, paramLabel = "PERCENT",
                description = "Percent of requests the canary draws, 1..99.")
        int weight;

        @Override
        RoutingWriter.Change change() {
            return (current, newest) -> current.withCanary(stable != null ? stable
                    : current.mode() == ModelRouting.Mode.NEWEST ? newest : current.version(), canary, weight);
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "End a canary split by making the canary the only version on every service replica: the "
                    + "model follows the newest version again when the canary is the newest published, else the "
                    + "canary is pinned.")
    static final class PromoteCanary extends NamedRoutingCommand {

        @Override
        RoutingWriter.Change change() {
            return (current, newest) -> current.promoted(newest);
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "End a canary split by dropping the canary on every service replica: the routing in force "
                    + "before the split returns (following the newest, or a pin), unless it would serve the canary "
                    + "(it followed the newest and the canary is the newest published): then the stable version is "
                    + "pinned.")
    static final class AbortCanary extends NamedRoutingCommand {

        @Override
        RoutingWriter.Change change() {
            return (current, newest) -> current.aborted(newest);
        }
    }
}
