package dev.ganforge.trainer.nn;

import java.util.List;

/**
 * The generator's contract with whoever feeds it and reads it: what {@link GanArchitecture} exposes and the ONNX
 * metadata records.
 *
 * @param latentSize length of z
 * @param latentDistribution {@code normal} (N(0,1)) or {@code uniform} (U[−1,1])
 * @param labelCount classes the networks are conditioned on; 0 when unconditional
 * @param sampleShape one sample without the batch dimension ({@code [C, H, W]} or {@code [points]})
 * @param outputActivation {@code sigmoid}, {@code tanh} or {@code linear}
 */
public record GeneratorIo(
        int latentSize, String latentDistribution, int labelCount, List<Integer> sampleShape, String outputActivation) {

    public GeneratorIo {
        sampleShape = List.copyOf(sampleShape);
    }
}
