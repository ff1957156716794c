package dev.ganforge.trainer.nn;

import dev.ganforge.shared.model.LatentCodes;
import java.util.List;

/**
 * The generator's contract with whoever feeds it and reads it: what {@link GanArchitecture} exposes and the ONNX
 * metadata records.
 *
 * @param latentSize length of z
 * @param latentDistribution what z is drawn from
 * @param labelCount classes the networks are conditioned on; 0 when unconditional
 * @param sampleShape one sample without the batch dimension ({@code [C, H, W]} or {@code [points]})
 * @param outputActivation the range of the raw output
 * @param codes InfoGAN's structured codes at the end of z (the discriminator then also outputs their estimates);
 *              null for every other architecture
 */
public record GeneratorIo(
        int latentSize, LatentDistribution latentDistribution, int labelCount, List<Integer> sampleShape,
        OutputActivation outputActivation, LatentCodes codes) {

    public GeneratorIo {
        sampleShape = List.copyOf(sampleShape);
    }

    public GeneratorIo(int latentSize, LatentDistribution latentDistribution, int labelCount, List<Integer> sampleShape,
                       OutputActivation outputActivation) {
        this(latentSize, latentDistribution, labelCount, sampleShape, outputActivation, null);
    }
}
