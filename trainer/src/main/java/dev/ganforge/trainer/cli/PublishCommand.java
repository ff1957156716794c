package dev.ganforge.trainer.cli;

import dev.ganforge.shared.model.ModelMetadata;
import dev.ganforge.shared.onnx.OnnxModelReader;
import dev.ganforge.trainer.evaluate.QualityGate;
import dev.ganforge.trainer.pipeline.KafkaConnection;
import dev.ganforge.trainer.pipeline.ModelPublisher;
import dev.ganforge.trainer.pipeline.PublishGate;
import dev.ganforge.trainer.pipeline.PublishResult;
import dev.ganforge.trainer.pipeline.QualityPublishGate;
import dev.ganforge.trainer.pipeline.TopicProvisioner;
import dev.ganforge.trainer.pipeline.VersionRetention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ganforge publish}: sign an exported generator and put it on the models topic as a new version. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Sign an exported ONNX generator and publish it to Kafka (topic ganforge.models) as the next "
                + "version of NAME.",
            "Metadata comes from the ONNX file's ganforge.* properties. Publishing bytes identical to an existing "
                    + "version of NAME makes no new version (reported as 'unchanged').",
            "A model clearly worse than the newest version (see --fid-tolerance) is refused with exit code 1 unless "
                    + "--force is given."})
public final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL.onnx", arity = "1..*",
            description = "ONNX file written by 'ganforge export'; several are published in the order given, each as "
                    + "the next version (all are read first; the first refusal or failure stops the rest).")
    List<Path> models;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "Model name to publish under, [a-z0-9][a-z0-9._-]{0,62}.")
    String name;

    @Option(names = "--fid-tolerance", paramLabel = "FRACTION", defaultValue = "" + QualityGate.DEFAULT_TOLERANCE,
            description = "Refuse a model whose FID (curve models: curve fit fraction) is worse than the newest "
                    + "version's by more than this fraction (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--force", description = "Publish even when the quality gate would refuse.")
    boolean force;

    @Option(names = "--keep", paramLabel = "N",
            description = "After publishing, remove every version of NAME but the newest N (signed tombstones, as "
                    + "'ganforge models prune' writes; the key must be one the services trust). Default: keep all.")
    Integer keep;

    @Mixin
    SigningKeyOption key;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--name must match [a-z0-9][a-z0-9._-]{0,62}, got '" + name + "'");
        }
        PublishGate gate;
        try {
            gate = force ? PublishGate.OPEN : new QualityPublishGate(tolerance);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fid-tolerance: " + e.getMessage());
        }
        VersionRetention retention = RetentionOption.parse(spec, "--keep", keep);
        List<Export> exports = new ArrayList<>();
        for (Path model : models) {
            exports.add(Export.read(model));
        }
        KafkaConnection connection = kafka.connection();
        new TopicProvisioner(connection).ensureTopics().added().forEach(setting -> spec.commandLine().getErr()
                .println("ganforge: added " + setting + " (a topic setting newer than the topic)"));
        try (ModelPublisher publisher = new ModelPublisher(connection, key.signer(), retention)) {
            for (Export export : exports) {
                PublishResult result = publisher.publish(name, export.onnx(), export.metadata(), gate);
                spec.commandLine().getOut().println(result.describe());
                spec.commandLine().getOut().flush();
            }
        }
        return 0;
    }

    /** An exported model's bytes and the metadata in its ganforge.* properties. */
    private record Export(byte[] onnx, ModelMetadata metadata) {

        static Export read(Path model) throws IOException {
            byte[] onnx = Files.readAllBytes(model);
            try {
                return new Export(onnx, OnnxModelReader.read(onnx).ganforgeMetadata());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(model + " is not a ganforge ONNX model: " + e.getMessage(), e);
            }
        }
    }
}
