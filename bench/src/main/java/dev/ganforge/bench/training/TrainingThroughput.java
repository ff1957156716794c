package dev.ganforge.bench.training;

/**
 * What {@code ganforge bench train} measured.
 *
 * @param arch              architecture name
 * @param batchSize         samples per batch
 * @param iterations        timed iterations (after the warm-up)
 * @param imagesPerSecond   real images consumed per second over the timed iterations (batch × d-steps / time)
 * @param medianIteration   median seconds of one iteration
 * @param flops             analytic forward FLOPs per sample of G and D
 * @param trainingFlopsPerImage estimated FLOPs of one iteration per real image (see {@link ForwardFlops})
 * @param matmulPeak        measured matmul FLOP/s on the same engine and device
 */
public record TrainingThroughput(String arch, int batchSize, long warmupIterations, int iterations,
                                 double imagesPerSecond,
                                 double medianIteration, ForwardFlops flops, long trainingFlopsPerImage,
                                 double matmulPeak) {

    /** FLOP/s training achieved. */
    public double achievedFlops() {
        return imagesPerSecond * trainingFlopsPerImage;
    }

    /** Achieved FLOP/s as a fraction of the measured matmul peak. */
    public double peakFraction() {
        return achievedFlops() / matmulPeak;
    }
}
