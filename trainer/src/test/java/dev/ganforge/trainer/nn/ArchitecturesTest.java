package dev.ganforge.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import dev.ganforge.shared.event.RetrainRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchitecturesTest {

    /** The contract's names (what retrain requests may name) are exactly what the trainer builds. */
    @Test
    void retrainRequestsAcceptExactlyTheTrainersArchitectures() {
        assertEquals(Set.copyOf(Architectures.names()), RetrainRequest.ARCHITECTURES);
        for (String name : Architectures.names()) {
            assertEquals(name, Architectures.byName(name).name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp4", "cdcgan", "dcgan", "dcgan-bn", "bn5", "infogan", "curves"})
    void generatorAndDiscriminatorHaveTheDeclaredShapes(String name) {
        GanArchitecture arch = Architectures.byName(name);
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block g = arch.initializedGenerator(manager);
            Block d = arch.initializedDiscriminator(manager);
            int batch = 3;
            NDArray z = manager.randomNormal(new Shape(batch, arch.latentSize()));
            NDArray labels = manager.create(new long[] {0, 4, 9});
            ParameterStore store = new ParameterStore(manager, false);
            NDList gIn = arch.conditional() ? new NDList(z, labels) : new NDList(z);
            NDArray samples = g.forward(store, gIn, true).singletonOrThrow();

            List<Long> expected = new ArrayList<>(List.of((long) batch));
            arch.sampleShape().forEach(d1 -> expected.add(d1.longValue()));
            assertEquals(new Shape(expected.stream().mapToLong(Long::longValue).toArray()), samples.getShape());
            assertEquals(samples.getShape(), g.getOutputShapes(arch.generatorInputShapes(batch))[0]);
            float min = samples.min().getFloat();
            float max = samples.max().getFloat();
            switch (arch.outputActivation()) {
                case SIGMOID -> assertTrue(min >= 0 && max <= 1, min + ".." + max);
                case TANH -> assertTrue(min >= -1 && max <= 1, min + ".." + max);
                case LINEAR -> assertEquals(OutputKind.CURVE, arch.outputKind());
            }

            NDList dIn = arch.conditional() ? new NDList(samples, labels) : new NDList(samples);
            NDArray logits = d.forward(store, dIn, true).singletonOrThrow();
            long columns = 1 + (arch.codes() == null ? 0 : arch.codes().size());
            assertEquals(new Shape(batch, columns), logits.getShape(), "logit (and Q's code estimates)");
            assertEquals(arch.name(), name);
            assertTrue(arch.conditional() == "cdcgan".equals(name));
            assertFalse(containsLambda(g), "generator trees must be self-describing");
        }
    }

    @Test
    void fiveLayerGanIsSeedOnesNetworkWithItsDefaults() {
        GanArchitecture arch = Architectures.byName("bn5");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block g = arch.initializedGenerator(manager);
            Block d = arch.initializedDiscriminator(manager);
            List<String> gLayers = g.getChildren().values().stream().map(b -> b.getClass().getSimpleName()).toList();
            assertEquals(List.of("Linear", "BatchNorm", "Relu", "Linear", "BatchNorm", "Relu", "Reshape",
                    "TransposedConv2d", "BatchNorm", "Relu", "TransposedConv2d", "BatchNorm", "Relu", "Conv2d", "Tanh"),
                    gLayers);
            assertEquals(2, d.getChildren().values().stream()
                    .filter(b -> b instanceof dev.ganforge.trainer.nn.layer.AvgPool2d).count());
            // Biases are drawn too (truncated normal), not zero.
            float[] bias = g.getChildren().values().get(0).getDirectParameters().get("bias").getArray()
                    .toFloatArray();
            float max = 0;
            for (float b : bias) {
                max = Math.max(max, Math.abs(b));
            }
            assertTrue(max > 0 && max <= 2 * 0.02f + 1e-6f, "truncated normal bias, max |b| " + max);
        }
        assertEquals(30, dev.ganforge.trainer.train.TrainConfig.defaults("bn5", "mnist").dPretrainSteps());
    }

    /**
     * InfoGAN's paper: D and Q share the body up to the 1024 features, then Q has a head of its own (FC 128 – BN –
     * LReLU – FC), so changing Q's weights moves only the code columns and changing D's head only the logit.
     */
    @Test
    void infoGanQIsItsOwnHeadOnTheSharedBody() {
        GanArchitecture arch = Architectures.byName("infogan");
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block d = arch.initializedDiscriminator(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, new Shape(4, 1, 28, 28));
            List<Block> heads = d.getChildren().values().get(d.getChildren().size() - 1).getChildren().values();
            assertEquals(2, heads.size(), "D's head and Q's head");
            Block q = heads.get(1);
            assertEquals(List.of("Linear", "BatchNorm", "LeakyRelu", "Linear"),
                    q.getChildren().values().stream().map(b -> b.getClass().getSimpleName()).toList());
            assertEquals(new Shape(128, 1024), q.getChildren().values().get(0).getParameters().get(0).getValue()
                    .getArray().getShape());

            float[][] before = columns(d.forward(store, new NDList(x), false).singletonOrThrow());
            q.getChildren().values().get(0).getParameters().get(0).getValue().getArray().addi(0.5f);
            float[][] afterQ = columns(d.forward(store, new NDList(x), false).singletonOrThrow());
            assertEquals(before[0][0], afterQ[0][0], 0f, "D's logit does not read Q's head");
            assertFalse(Arrays.equals(before[1], afterQ[1]), "Q's estimates do");

            heads.get(0).getParameters().get(0).getValue().getArray().addi(0.5f);
            float[][] afterD = columns(d.forward(store, new NDList(x), false).singletonOrThrow());
            assertFalse(afterQ[0][0] == afterD[0][0], "D's logit reads D's head");
            assertTrue(Arrays.equals(afterQ[1], afterD[1]), "Q's estimates do not");

            // The parameters that --lr-q sets: exactly Q's head, none of the body or D's logit.
            List<Parameter> head = arch.informationHead(d);
            List<Parameter> expected = new ArrayList<>();
            q.getParameters().forEach(p -> expected.add(p.getValue()));
            assertEquals(expected, head);
            assertEquals(List.of(), Architectures.byName("dcgan-bn")
                    .informationHead(Architectures.byName("dcgan-bn").initializedDiscriminator(manager)));
        }
    }

    /** Row 0's logit and its 12 code estimates, of D's {@code [N, 1 + 12]} output. */
    private static float[][] columns(NDArray out) {
        float[] row = out.get(0).toFloatArray();
        return new float[][] {{row[0]}, Arrays.copyOfRange(row, 1, row.length)};
    }

    @Test
    void unknownArchitectureIsNamedWithTheAlternatives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.byName("vae"));
        assertTrue(e.getMessage().contains("vae") && e.getMessage().contains("cdcgan"), e.getMessage());
    }

    @Test
    void transposedConvolutionsInTheGeneratorAreExportable() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block g = Architectures.byName("dcgan").initializedGenerator(manager);
            long transposed = g.getChildren().values().stream()
                    .filter(b -> b instanceof dev.ganforge.trainer.nn.layer.TransposedConv2d).count();
            assertEquals(2, transposed);
            assertEquals(DataType.FLOAT32, g.getParameters().get(0).getValue().getArray().getDataType());
        }
    }

    private static boolean containsLambda(Block block) {
        if (block instanceof LambdaBlock) {
            return true;
        }
        return block.getChildren().values().stream().anyMatch(ArchitecturesTest::containsLambda);
    }
}
