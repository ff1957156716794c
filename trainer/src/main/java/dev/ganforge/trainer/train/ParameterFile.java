package dev.ganforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every parameter of a block (weights and batch-norm running statistics), in the block's parameter order, as a
 * DJL-encoded {@link NDList} with parameter names. Loading copies values into the existing arrays so that
 * gradient attachment and optimiser bookkeeping stay valid.
 */
public final class ParameterFile {

    private ParameterFile() {
    }

    public static void write(Block block, Path file) throws IOException {
        NDList arrays = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            array.setName(p.getKey());
            arrays.add(array);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            arrays.encode(out);
        }
    }

    /** Loads into an initialised {@code block} of the same architecture. */
    public static void read(Block block, Path file, NDManager manager) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             NDManager scratch = manager.newSubManager()) {
            NDList arrays = NDList.decode(scratch, in);
            var parameters = block.getParameters();
            if (arrays.size() != parameters.size()) {
                throw new IOException(file + " holds " + arrays.size() + " arrays, the network has "
                        + parameters.size() + " parameters");
            }
            for (int i = 0; i < arrays.size(); i++) {
                NDArray target = parameters.get(i).getValue().getArray();
                NDArray source = arrays.get(i);
                if (!target.getShape().equals(source.getShape())) {
                    throw new IOException(file + ": parameter " + parameters.get(i).getKey() + " is "
                            + source.getShape() + " but the network expects " + target.getShape());
                }
                target.set(source.toByteBuffer());
            }
        }
    }
}
