package dev.ganforge.bench.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ganforge.shared.onnx.OnnxGraphBuilder;
import dev.ganforge.shared.onnx.OnnxModelBuilder;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import dev.ganforge.trainer.data.DatasetCatalog;
import dev.ganforge.trainer.train.MnistDigits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/mnist_split.py copies HeldOutRule by hand for the PyTorch reference, which compares learning curves only
 * when both sides train on the same digits. This pins the copy to the trainer: the same real MNIST files must give
 * the fingerprint ImageDataset computes, and a model recording another split must be refused with its reason.
 */
class PytorchReferenceSplitTest {

    private static final Path SCRIPT = Path.of("mnist_split.py");

    private static Path home;
    private static String trainersFingerprint;

    @TempDir
    Path tmp;

    @BeforeAll
    static void realDigits() {
        DatasetCatalog catalog = MnistDigits.catalog();
        home = catalog.mnistDir().getParent().getParent();
        trainersFingerprint = catalog.load(DatasetCatalog.MNIST).train().fingerprint();
    }

    @Test
    void thePythonCopyDrawsTheTrainersTrainingSplit() throws Exception {
        Result result = python("--home", home.toString());
        assertEquals(0, result.exit(), result.stderr());
        assertEquals(trainersFingerprint, result.stdout().strip());
    }

    @Test
    void aModelTrainedOnTheSplitPassesAndOneTrainedOnAnotherIsRefusedWithTheReason() throws Exception {
        Result same = python("--home", home.toString(), "--model", model("same.onnx", trainersFingerprint).toString());
        assertEquals(0, same.exit(), same.stderr());

        String other = "f".repeat(64);
        Result refused = python("--home", home.toString(), "--model", model("other.onnx", other).toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.stderr().contains("is not the one") && refused.stderr().contains("ffffffffffff"),
                refused.stderr());
    }

    /** A one-node model whose metadata records {@code fingerprint} as the split it trained on. */
    private Path model(String name, String fingerprint) throws IOException {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("g")
                .input("z", DataType.FLOAT, 2)
                .output("image", DataType.FLOAT, 2)
                .node("Identity", List.of("z"), "image");
        byte[] bytes = new OnnxModelBuilder(graph)
                .metadata("ganforge.architecture", "mlp")
                .metadata("ganforge.datasetFingerprint", fingerprint)
                .toBytes();
        return Files.write(tmp.resolve(name), bytes);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "mnist_split.py did not finish in 120 s");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
