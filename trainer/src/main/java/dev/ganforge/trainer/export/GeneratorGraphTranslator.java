package dev.ganforge.trainer.export;

import static dev.ganforge.shared.onnx.GeneratorSignature.LABEL_INPUT;
import static dev.ganforge.shared.onnx.GeneratorSignature.LATENT_INPUT;
import static dev.ganforge.shared.onnx.GeneratorSignature.OUTPUT;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import dev.ganforge.shared.onnx.OnnxAttribute;
import dev.ganforge.shared.onnx.OnnxGraphBuilder;
import dev.ganforge.shared.onnx.proto.Onnx.TensorProto.DataType;
import dev.ganforge.trainer.nn.GanArchitecture;
import dev.ganforge.trainer.nn.OutputActivation;
import dev.ganforge.trainer.nn.OutputKind;
import dev.ganforge.trainer.nn.layer.ConditionalSequentialBlock;
import dev.ganforge.trainer.nn.layer.Flatten;
import dev.ganforge.trainer.nn.layer.LabelConcat;
import dev.ganforge.trainer.nn.layer.LeakyRelu;
import dev.ganforge.trainer.nn.layer.Relu;
import dev.ganforge.trainer.nn.layer.Reshape;
import dev.ganforge.trainer.nn.layer.Sigmoid;
import dev.ganforge.trainer.nn.layer.Tanh;
import dev.ganforge.trainer.nn.layer.TransposedConv2d;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Translates an initialised DJL generator (a tree over the block vocabulary documented on
 * {@link GanArchitecture}) into an ONNX graph with inputs {@code z} float [N, latent] (+ {@code label} int64 [N]
 * for conditional models) and output {@code samples} float [N, sample shape...]. Images come out in [0, 1]:
 * tanh generators get (x + 1) / 2 appended, as {@link dev.ganforge.trainer.train.TrainedGenerator} does.
 *
 * <p>Shapes are tracked with the blocks' own {@code getOutputShapes}, so static per-sample dimensions (e.g. the
 * size of label planes) are known at export time and only the batch dimension stays dynamic.
 */
public final class GeneratorGraphTranslator {

    // DJL's BatchNorm keeps epsilon private; every architecture uses the builder default. Parity would catch a
    // model built otherwise.
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    private final GanArchitecture architecture;

    public GeneratorGraphTranslator(GanArchitecture architecture) {
        this.architecture = architecture;
    }

    /** @throws UnsupportedBlockException when the generator contains a block outside the vocabulary */
    public OnnxGraphBuilder translate(Block generator, String graphName) {
        OnnxGraphBuilder graph = new OnnxGraphBuilder(graphName)
                .input(LATENT_INPUT, DataType.FLOAT, architecture.latentSize());
        if (architecture.conditional()) {
            graph.input(LABEL_INPUT, DataType.INT64);
        }
        Value z = new Value(LATENT_INPUT, architecture.generatorInputShapes(1)[0]);
        Value out = new Emitter(graph).block("g", generator, z);
        String last = out.name();
        if (architecture.outputKind() == OutputKind.IMAGE && architecture.outputActivation() == OutputActivation.TANH) {
            graph.initializer("to_unit.one", new long[0], new float[] {1f})
                    .initializer("to_unit.half", new long[0], new float[] {0.5f})
                    .node("Add", List.of(last, "to_unit.one"), "to_unit.shifted")
                    .node("Mul", List.of("to_unit.shifted", "to_unit.half"), "to_unit.out");
            last = "to_unit.out";
        }
        long[] sampleShape = architecture.sampleShape().stream().mapToLong(Integer::longValue).toArray();
        return graph.node("Identity", List.of(last), OUTPUT)
                .output(OUTPUT, DataType.FLOAT, sampleShape);
    }

    /** A named value in the graph and its shape for a batch of one. */
    private record Value(String name, Shape shape) {
    }

    /** Emits nodes for one block tree; state is only the graph being built. */
    private final class Emitter {

        private final OnnxGraphBuilder graph;

        Emitter(OnnxGraphBuilder graph) {
            this.graph = graph;
        }

        Value block(String path, Block block, Value x) {
            if (block instanceof SequentialBlock || block instanceof ConditionalSequentialBlock) {
                Value current = x;
                for (Pair<String, Block> child : block.getChildren()) {
                    current = block(path + "." + child.getKey(), child.getValue(), current);
                }
                return current;
            }
            Shape outShape = block instanceof LabelConcat
                    ? block.getOutputShapes(new Shape[] {x.shape(), new Shape(1)})[0]
                    : block.getOutputShapes(new Shape[] {x.shape()})[0];
            Value out = new Value(path, outShape);
            if (block instanceof Linear) {
                linear(path, block, x);
            } else if (block instanceof Conv2d conv) {
                conv(path, conv, x);
            } else if (block instanceof TransposedConv2d deconv) {
                transposedConv(path, deconv, x);
            } else if (block instanceof BatchNorm) {
                batchNorm(path, block, x);
            } else if (block instanceof LabelConcat concat) {
                labelConcat(path, concat, x);
            } else if (block instanceof Relu) {
                graph.node("Relu", List.of(x.name()), path);
            } else if (block instanceof LeakyRelu leaky) {
                graph.node("LeakyRelu", List.of(x.name()), path, OnnxAttribute.of("alpha", leaky.alpha()));
            } else if (block instanceof Sigmoid) {
                graph.node("Sigmoid", List.of(x.name()), path);
            } else if (block instanceof Tanh) {
                graph.node("Tanh", List.of(x.name()), path);
            } else if (block instanceof Reshape reshape) {
                long[] target = LongStream.concat(LongStream.of(-1), LongStream.of(reshape.sampleShape())).toArray();
                graph.initializer(path + ".shape", new long[] {target.length}, target)
                        .node("Reshape", List.of(x.name(), path + ".shape"), path);
            } else if (block instanceof Flatten) {
                graph.node("Flatten", List.of(x.name()), path, OnnxAttribute.of("axis", 1L));
            } else if (block instanceof Dropout) {
                graph.node("Identity", List.of(x.name()), path);
            } else {
                throw new UnsupportedBlockException("cannot export block " + block.getClass().getName() + " at "
                        + path + " to ONNX");
            }
            return out;
        }

        private void linear(String path, Block linear, Value x) {
            // DJL keeps W as [out, in]: Gemm with transB=1 computes x·Wᵀ + b without copying the weight.
            graph.node("Gemm", List.of(x.name(), parameter(path, linear, "weight"), parameter(path, linear, "bias")),
                    path, OnnxAttribute.of("transB", 1L));
        }

        private void conv(String path, Conv2d conv, Value x) {
            List<String> inputs = conv.isIncludeBias()
                    ? List.of(x.name(), parameter(path, conv, "weight"), parameter(path, conv, "bias"))
                    : List.of(x.name(), parameter(path, conv, "weight"));
            long[] padding = conv.getPadding().getShape();
            graph.node("Conv", inputs, path,
                    OnnxAttribute.ints("kernel_shape", conv.getKernelShape().getShape()),
                    OnnxAttribute.ints("strides", conv.getStride().getShape()),
                    OnnxAttribute.ints("dilations", conv.getDilation().getShape()),
                    OnnxAttribute.ints("pads", padding[0], padding[1], padding[0], padding[1]),
                    OnnxAttribute.of("group", (long) conv.getGroups()));
        }

        private void transposedConv(String path, TransposedConv2d deconv, Value x) {
            long k = deconv.kernel();
            long s = deconv.stride();
            long p = deconv.padding();
            long op = deconv.outputPadding();
            graph.node("ConvTranspose",
                    List.of(x.name(), parameter(path, deconv, "weight"), parameter(path, deconv, "bias")), path,
                    OnnxAttribute.ints("kernel_shape", k, k),
                    OnnxAttribute.ints("strides", s, s),
                    OnnxAttribute.ints("pads", p, p, p, p),
                    OnnxAttribute.ints("output_padding", op, op));
        }

        private void batchNorm(String path, Block norm, Value x) {
            graph.node("BatchNormalization", List.of(x.name(),
                            parameter(path, norm, "gamma"), parameter(path, norm, "beta"),
                            parameter(path, norm, "runningMean"), parameter(path, norm, "runningVar")),
                    path, OnnxAttribute.of("epsilon", BATCH_NORM_EPSILON));
        }

        private void labelConcat(String path, LabelConcat concat, Value x) {
            int labels = concat.labelCount();
            // One-hot as rows of an identity matrix picked by the label: Gather is in every opset and runtime.
            String table = "label.eye" + labels;
            if (!graph.has(table)) {
                float[] eye = new float[labels * labels];
                for (int i = 0; i < labels; i++) {
                    eye[i * labels + i] = 1f;
                }
                graph.initializer(table, new long[] {labels, labels}, eye);
            }
            String oneHot = path + ".onehot";
            graph.node("Gather", List.of(table, LABEL_INPUT), oneHot, OnnxAttribute.of("axis", 0L));
            String appended = oneHot;
            if (x.shape().dimension() == 4) {
                long height = x.shape().get(2);
                long width = x.shape().get(3);
                graph.initializer(path + ".column_shape", new long[] {4}, new long[] {-1, labels, 1, 1})
                        .initializer(path + ".plane_shape", new long[] {4}, new long[] {1, 1, height, width})
                        .node("Reshape", List.of(oneHot, path + ".column_shape"), path + ".column")
                        .node("Expand", List.of(path + ".column", path + ".plane_shape"), path + ".planes");
                appended = path + ".planes";
            } else if (x.shape().dimension() != 2) {
                throw new UnsupportedBlockException("LabelConcat at " + path + " expects [N, F] or [N, C, H, W], got "
                        + x.shape());
            }
            graph.node("Concat", List.of(x.name(), appended), path, OnnxAttribute.of("axis", 1L));
        }

        /** Adds the block's parameter as an initializer and returns its name. */
        private String parameter(String path, Block block, String parameterName) {
            Parameter parameter = block.getDirectParameters().get(parameterName);
            if (parameter == null || !parameter.isInitialized()) {
                throw new UnsupportedBlockException("block at " + path + " has no initialised parameter '"
                        + parameterName + "'");
            }
            NDArray array = parameter.getArray();
            String name = path + "." + parameterName;
            graph.initializer(name, array.getShape().getShape(), array.toType(ai.djl.ndarray.types.DataType.FLOAT32,
                    false).toFloatArray());
            return name;
        }
    }
}
