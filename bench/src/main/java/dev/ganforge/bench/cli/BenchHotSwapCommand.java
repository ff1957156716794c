package dev.ganforge.bench.cli;

import dev.ganforge.bench.service.HotSwapBenchmark;
import dev.ganforge.bench.service.HotSwapResult;
import dev.ganforge.bench.service.LoadClient;
import dev.ganforge.bench.service.SwapTiming;
import dev.ganforge.shared.contract.ServicePaths;
import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.trainer.cli.CliErrors;
import dev.ganforge.trainer.cli.DurationConverter;
import dev.ganforge.trainer.cli.GanforgeVersion;
import dev.ganforge.trainer.cli.KafkaOptions;
import dev.ganforge.trainer.cli.SigningKeyOption;
import dev.ganforge.trainer.export.ExportResult;
import dev.ganforge.trainer.export.OnnxExporter;
import dev.ganforge.trainer.pipeline.KafkaConnection;
import dev.ganforge.trainer.pipeline.ModelPublisher;
import dev.ganforge.trainer.pipeline.TopicProvisioner;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ganforge bench hotswap}: publish → first response from the new version, under load. */
@Command(name = "hotswap", sortOptions = false,
        description = {"While background users keep requesting samples, publishes --swaps new versions of --model "
                + "(signed, over Kafka, as 'ganforge publish' does) one after the other and times each from publish "
                + "returning to the first response served by it (X-Model-Version). Reports median and max, and "
                + "every failed request of the load.",
            "Each version is the given model with one extra ONNX metadata property (bench.variant), so the bytes "
                    + "differ and the graph does not. Exit status 1 when any request failed."})
public final class BenchHotSwapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:8080.")
    URI url;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name to publish under.")
    String model;

    @Option(names = "--from", required = true, paramLabel = "MODEL.onnx|RUN_DIR",
            description = "An exported generator, or a training run directory to export one from.")
    Path from;

    @Option(names = "--swaps", paramLabel = "N", defaultValue = "10", description = "Versions to publish (default 10).")
    int swaps;

    @Option(names = "--users", paramLabel = "N", defaultValue = "4",
            description = "Concurrent users of the background load (default 4).")
    int users;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest wait for one version to be served (default 60s).")
    Duration timeout;

    @Mixin
    SigningKeyOption key;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (swaps < 1 || users < 1) {
            throw new ParameterException(spec.commandLine(), "--swaps and --users must be positive");
        }
        ServiceTarget target = ServiceTarget.of(spec, url, model);
        ExportResult source = source();
        URI samples = target.base().resolve(ServicePaths.samples(model) + "?count=1&format=json");
        KafkaConnection connection = kafka.connection();
        new TopicProvisioner(connection).ensureTopics();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d swaps of a %.1f MB %s model under %d users, load %s%n", samples, swaps,
                source.onnx().length / 1e6, source.metadata().architecture(), users, LoadAverage.read());
        out.flush();
        HotSwapResult result;
        try (ModelPublisher publisher = new ModelPublisher(connection, key.signer())) {
            result = new HotSwapBenchmark(LoadClient.defaultHttpClient(), samples, users, timeout)
                    .run(publisher, model, source.onnx(), source.metadata(), swaps,
                            Long.toString(System.currentTimeMillis(), 36));
        }
        out.printf("%8s %12s %22s%n", "version", "publish ms", "publish → served ms");
        for (SwapTiming swap : result.swaps()) {
            out.printf(Locale.ROOT, "%8d %12.1f %22.1f%n", swap.version(), swap.publishMillis(), swap.visibleMillis());
        }
        out.printf(Locale.ROOT, "publish → first response from the new version: median %.1f ms, max %.1f ms%n",
                result.medianVisibleMillis(), result.maxVisibleMillis());
        out.printf(Locale.ROOT, "background requests %d, errors %d%s, load %s%n", result.requests(), result.errors(),
                result.errors() == 0 ? "" : " " + result.errorKinds(), LoadAverage.read());
        return result.errors() == 0 ? 0 : CliErrors.FAILURE;
    }

    /** The model bytes and metadata: read from an ONNX file, or exported from a run directory. */
    private ExportResult source() throws IOException {
        if (Files.isDirectory(from)) {
            return new OnnxExporter(Clock.systemUTC(), GanforgeVersion.current()).export(from, false, model);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(from);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such model file or run directory: " + from);
        }
        ModelMetadata metadata;
        try {
            metadata = OnnxModelReader.read(bytes).ganforgeMetadata();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(from + " is not a ganforge ONNX model: " + e.getMessage(), e);
        }
        return new ExportResult(bytes, metadata.withName(model), Float.NaN);
    }
}
